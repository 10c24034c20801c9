package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PendingKeysTest {
    /** One step against the table: 0 claim, 1 release, 2 remove whoever holds it. */
    record Op(int kind, int key, int owner) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // few keys and owners so that claims meet, and a table that starts small so that it grows
        // and its runs of occupied slots wrap around the end
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 300), Arbitraries.integers().between(1, 4)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(2_000);
    }

    @Property(tries = 200)
    void behavesAsAMapFromKeyToOwner(@ForAll("ops") List<Op> ops) {
        PendingKeys table = new PendingKeys(4);
        Map<String, Long> model = new HashMap<>();
        for (Op op : ops) {
            String key = "f\u0000default\u0000event-" + op.key();
            long owner = op.owner();
            switch (op.kind()) {
                case 0 -> {
                    Long holder = model.putIfAbsent(key, owner);
                    assertThat(table.claim(key, owner)).as("claim %s by %d", key, owner)
                            .isEqualTo(holder == null || holder == owner);
                }
                case 1 -> {
                    model.remove(key, owner);
                    table.release(key, owner);
                }
                default -> {
                    model.remove(key);
                    PendingKeys.Fingerprints f = new PendingKeys.Fingerprints(1);
                    f.add(key);
                    table.removeAll(f);
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        // every key the model holds is still held by the same owner, and nobody else can take it
        model.forEach((key, owner) -> {
            assertThat(table.claim(key, owner)).isTrue();
            assertThat(table.claim(key, owner + 100)).isFalse();
        });
    }

    @Test
    void manyKeysGrowTheTableAndAreRemovedTogether() {
        PendingKeys table = new PendingKeys();
        PendingKeys.Fingerprints applied = new PendingKeys.Fingerprints(10);
        for (int i = 0; i < 100_000; i++) {
            String key = "r\u0000p\u0000" + i;
            assertThat(table.claim(key, 1 + i % 7)).isTrue();
            if (i % 2 == 0) {
                applied.add(key);
            }
        }
        assertThat(table.size()).isEqualTo(100_000);
        table.removeAll(applied);
        assertThat(table.size()).isEqualTo(50_000);
        assertThat(table.claim("r\u0000p\u00000", 99)).isTrue(); // applied: free again
        assertThat(table.claim("r\u0000p\u00001", 99)).isFalse(); // still waiting, held by owner 2
    }

    @Test
    void ownersArePositive() {
        assertThatThrownBy(() -> new PendingKeys().claim("k", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
