package dev.feedloop.triage.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void dot_ofUnitVectors_isTheirCosine() {
        float[] a = Vectors.l2Normalize(new float[] {1, 1, 0, 0, 0});
        float[] b = {1, 0, 0, 0, 0};

        assertThat(Vectors.dot(a, b)).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(Vectors.dot(a, a)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void centroid_isTheUnitMeanDirection() {
        float[] c = Vectors.centroid(List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 0}));

        assertThat(c[0]).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-6f));
        assertThat(c[1]).isCloseTo((float) (1 / Math.sqrt(5)), within(1e-6f));
    }

    @Test
    void centroid_ofOppositeVectors_staysZero() {
        assertThat(Vectors.centroid(List.of(new float[] {1, 0}, new float[] {-1, 0}))).containsExactly(0f, 0f);
    }

    @Test
    void centroid_ofNothingOrMixedLengths_isRejected() {
        assertThatThrownBy(() -> Vectors.centroid(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vectors.centroid(List.of(new float[] {1, 0}, new float[] {1, 0, 0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths differ");
    }

    @Test
    void blend_leansTowardsTheHeavierSide_andLeavesItsArgumentsAlone() {
        float[] old = {1, 0};
        float[] fresh = {0, 1};

        float[] c = Vectors.blend(old, 3, fresh, 1);

        assertThat(c[0]).isCloseTo((float) (3 / Math.sqrt(10)), within(1e-6f));
        assertThat(c[1]).isCloseTo((float) (1 / Math.sqrt(10)), within(1e-6f));
        assertThat(old).containsExactly(1f, 0f);
        assertThat(fresh).containsExactly(0f, 1f);
    }
}
