package dev.feedloop.triage.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternAssignerTest {
    private static final List<float[]> CENTROIDS = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0});

    @Test
    void assign_closeVector_joinsPattern() {
        PatternAssigner a = PatternAssigner.byCentroid(CENTROIDS, 0.9);

        PatternAssigner.Assignment hit = a.assign(new float[] {0.1f, 2f, 0});

        assertThat(hit.assigned()).isTrue();
        assertThat(hit.pattern()).isEqualTo(1);
        assertThat(hit.similarity()).isGreaterThan(0.99);
    }

    @Test
    void assign_vectorFarFromEveryPattern_staysUnassignedButReportsNearest() {
        PatternAssigner a = PatternAssigner.byCentroid(CENTROIDS, 0.9);

        PatternAssigner.Assignment miss = a.assign(new float[] {0.5f, 0.2f, 1f});

        assertThat(miss.assigned()).isFalse();
        assertThat(miss.pattern()).isEqualTo(-1);
        assertThat(miss.nearest()).isZero();
        assertThat(miss.similarity()).isLessThan(0.9);
    }

    @Test
    void assign_exemplarRule_usesNearestExample() {
        // Pattern 0's centroid is far from the query, but one of its examples is close.
        PatternAssigner a = PatternAssigner.byExemplars(List.of(
                List.of(new float[] {1, 0, 0}, new float[] {0, 0, 1}),
                List.of(new float[] {0, 1, 0})), 0.95);

        assertThat(a.assign(new float[] {0, 0.1f, 1}).pattern()).isZero();
        assertThat(a.patternCount()).isEqualTo(2);
    }

    @Test
    void assign_wrongLength_isRejected() {
        PatternAssigner a = PatternAssigner.byCentroid(CENTROIDS, 0.9);

        assertThatThrownBy(() -> a.assign(new float[] {1, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 2");
    }

    @Test
    void assign_noPatterns_leavesEverythingUnassigned() {
        assertThat(PatternAssigner.byCentroid(List.of(), 0.5).assign(new float[] {1, 0}).assigned()).isFalse();
    }

    @Test
    void defaultThreshold_isStricterForExemplars() {
        String bge = dev.feedloop.triage.embed.Embedders.DEFAULT_MODEL;
        assertThat(PatternAssigner.defaultThreshold(bge, PatternAssigner.Rule.EXEMPLAR))
                .isGreaterThan(PatternAssigner.defaultThreshold(bge, PatternAssigner.Rule.CENTROID));
    }
}
