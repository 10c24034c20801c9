package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyFilterTest {
    private static long[] key(String kind, int i) {
        return PendingKeys.fingerprint(kind + "\u0000default\u0000event-" + i);
    }

    private static int falsePositives(KeyFilter filter) {
        int n = 0;
        for (int i = 0; i < 100_000; i++) {
            n += filter.mightContain(key("r", i)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void everyAddedKeyIsFoundAndAbsentOnesRarelySeemPresentAtCapacity() {
        KeyFilter filter = new KeyFilter(100_000, 1 << 20);
        for (int i = 0; i < 100_000; i++) {
            filter.add(key("f", i));
        }
        for (int i = 0; i < 100_000; i++) {
            assertThat(filter.mightContain(key("f", i))).as("added key %d", i).isTrue();
        }
        // 1 % by design; 1,300 of 100,000 is over 9 standard deviations above it
        assertThat(falsePositives(filter)).isBetween(700, 1_300);
        assertThat(filter.layers()).isEqualTo(1);
        assertThat(filter.bytes()).isBetween(115_000L, 125_000L); // 9.6 bits a key
    }

    @Test
    void growingPastItsCapacityAddsLayersAndKeepsFalsePositivesUnderTwice() {
        KeyFilter filter = new KeyFilter(10_000, 1 << 20);
        for (int i = 0; i < 150_000; i++) { // layers of 10k, 20k, 40k, 80k keys
            filter.add(key("f", i));
        }
        assertThat(filter.layers()).isEqualTo(4);
        assertThat(filter.keys()).isEqualTo(150_000);
        for (int i = 0; i < 150_000; i++) {
            assertThat(filter.mightContain(key("f", i))).as("added key %d", i).isTrue();
        }
        assertThat(falsePositives(filter)).isLessThan(2_000);
    }

    @Test
    void aKeyBeyondItsMemoryIsRefusedAndTheFilterCountsAsOverflowed() {
        // 10,000 keys take ~12 KB, the next layer of 20,000 ~26 KB: 30 KB holds the first only
        KeyFilter filter = new KeyFilter(10_000, 30_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(filter.add(key("f", i))).isTrue();
        }
        assertThat(filter.overflowed()).isFalse();
        assertThat(filter.add(key("f", 10_000))).isFalse();
        assertThat(filter.overflowed()).isTrue();
        assertThat(filter.add(key("f", 10_001))).as("stays refused").isFalse();
        assertThat(filter.bytes()).isLessThanOrEqualTo(30_000);
    }

    @Test
    void aFilterHoldsAtLeastOneKeyAndFitsItsMemory() {
        assertThatThrownBy(() -> new KeyFilter(0, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyFilter(1_000_000, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyFilter(1_000, KeyFilter.MAX_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
