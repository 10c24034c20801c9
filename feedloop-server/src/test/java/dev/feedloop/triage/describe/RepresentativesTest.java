package dev.feedloop.triage.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepresentativesTest {

    private static float[] unit(double... xs) {
        double n = 0;
        for (double x : xs) {
            n += x * x;
        }
        float[] v = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = (float) (xs[i] / Math.sqrt(n));
        }
        return v;
    }

    @Test
    void select_membersClosestToCentroid_comeFirst() {
        List<float[]> vectors = List.of(unit(1, 0.6), unit(1, 0), unit(0, 1), unit(0.6, 1));
        List<String> texts = List.of("near centre a", "edge x", "edge y", "near centre b");
        List<Representative> picked = Representatives.select(vectors, texts, 2);
        assertThat(picked).extracting(Representative::index).containsExactly(0, 3);
        // cos((1, 0.6), (1, 1)) = 1.6 / (sqrt(1.36) * sqrt(2))
        assertThat(picked.get(0).similarity()).isCloseTo(1.6 / Math.sqrt(1.36 * 2), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void select_nearIdenticalTexts_areSkipped() {
        List<float[]> vectors = List.of(unit(1, 1, 0), unit(1, 1, 0.01), unit(1, 0.3, 0.4), unit(0.2, 1, 0.3));
        List<String> texts = List.of("Refund status is wrong!", "refund status is WRONG",
                "my refund never arrived", "where is the money I was owed");
        List<Representative> picked = Representatives.select(vectors, texts, 3);
        assertThat(picked).extracting(Representative::text)
                .contains("my refund never arrived", "where is the money I was owed")
                .containsAnyOf("Refund status is wrong!", "refund status is WRONG")
                .hasSize(3);
    }

    @Test
    void select_sameVectorDifferentWords_isSkippedAsParaphrase() {
        List<float[]> vectors = List.of(unit(1, 0), unit(1, 0), unit(0.7, 0.7));
        List<String> texts = List.of("refund is late", "money back delayed", "card declined at the shop");
        assertThat(Representatives.select(vectors, texts, 3)).extracting(Representative::index)
                .containsExactly(0, 2);
    }

    @Test
    void select_kLargerThanCluster_returnsAllDistinctMembers() {
        List<float[]> vectors = List.of(unit(1, 0), unit(0, 1));
        assertThat(Representatives.select(vectors, List.of("a b c", "d e f"), 10)).hasSize(2);
        assertThat(Representatives.select(List.of(), List.of(), 3)).isEmpty();
    }

    @Test
    void select_tiedSimilarities_goToTheLowerIndex() {
        List<float[]> vectors = List.of(unit(1, 0), unit(0, 1));
        List<Representative> picked = Representatives.select(vectors, List.of("first text", "second one"), 1);
        assertThat(picked).extracting(Representative::index).containsExactly(0);
    }

    @Test
    void select_invalidInput_isRejectedNamingTheProblem() {
        List<float[]> two = List.of(unit(1, 0), unit(0, 1));
        assertThatThrownBy(() -> Representatives.select(two, List.of("a"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 vectors and 1 texts");
        assertThatThrownBy(() -> Representatives.select(List.of(unit(1, 0), unit(1, 0, 0)), List.of("a", "b"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
        assertThatThrownBy(() -> Representatives.select(List.of(new float[] {Float.NaN}), List.of("a"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Representatives.select(two, List.of("a", "b"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        List<String> withNull = new ArrayList<>();
        withNull.add("a");
        withNull.add(null);
        assertThatThrownBy(() -> Representatives.select(two, withNull, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member 1");
    }

    @Test
    void jaccard_ofWordSets() {
        assertThat(Representatives.jaccard(java.util.Set.of("a", "b"), java.util.Set.of("b", "c"))).isEqualTo(1 / 3.0);
        assertThat(Representatives.jaccard(java.util.Set.of(), java.util.Set.of())).isEqualTo(1.0);
    }
}
