package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.NegativeRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriageNumberingTest {
    private static List<NegativeRow> negatives(String... requestIds) {
        List<NegativeRow> out = new ArrayList<>();
        for (String id : requestIds) {
            out.add(new NegativeRow(id, Instant.EPOCH, "v1", "m", "input", "output", null, null, Set.of("abandoned"),
                    null, List.of(), false));
        }
        return out;
    }

    @Test
    void numberingOrder_largestFirst_tiesBySmallestRequestId_whateverTheClusterLabelOrder() {
        List<NegativeRow> rows = negatives("r-5", "r-1", "r-9", "r-3", "r-7", "r-2", "r-8", "r-4");
        Triage.Group small = new Triage.Group(null, List.of(0, 7));           // r-5, r-4
        Triage.Group tiedLater = new Triage.Group(null, List.of(2, 4, 6));    // r-9, r-7, r-8
        Triage.Group tiedEarlier = new Triage.Group(null, List.of(3, 5, 1));  // r-3, r-2, r-1
        List<Triage.Group> groups = new ArrayList<>(List.of(small, tiedLater, tiedEarlier));

        Triage.numberingOrder(groups, rows);

        assertThat(groups).containsExactly(tiedEarlier, tiedLater, small);
        List<Triage.Group> shuffled = new ArrayList<>(List.of(tiedLater, small, tiedEarlier));
        Triage.numberingOrder(shuffled, rows);
        assertThat(shuffled).containsExactly(tiedEarlier, tiedLater, small);
    }
}
