package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class AssignerTest {
    private static final double THRESHOLD = 0.80;

    /** A unit vector at the given cosine to e0, the rest of its length along axis {@code other}. */
    private static float[] atCosine(double cos, int other) {
        float[] v = new float[4];
        v[0] = (float) cos;
        v[other] = (float) Math.sqrt(1 - cos * cos);
        return v;
    }

    private static float[] axis(int i) {
        float[] v = new float[4];
        v[i] = 1;
        return v;
    }

    private static Assigner.Target target(String id, float[] centroid, float[]... exemplars) {
        return new Assigner.Target(id, centroid, List.of(exemplars));
    }

    @Example
    void match_vectorNearACentroidAndItsExemplars_joinsThatPattern() {
        Assigner a = new Assigner(List.of(
                target("P-1", axis(1), axis(1)),
                target("P-2", axis(0), atCosine(0.95, 2), atCosine(0.95, 3))), THRESHOLD);

        Assigner.Match m = a.match(atCosine(0.97, 2));

        assertThat(m.matched()).isTrue();
        assertThat(m.target()).isEqualTo(1);
        // centroid 0.97, nearest exemplar 0.95 * 0.97 + sqrt(1 - 0.95²) * sqrt(1 - 0.97²) = 0.997
        assertThat(m.score()).isCloseTo((0.97 + 0.9975) / 2, within(1e-3));
    }

    @Example
    void match_vectorBelowTheThresholdOfEveryPattern_joinsNone() {
        Assigner a = new Assigner(List.of(
                target("P-1", axis(0), axis(0)),
                target("P-2", axis(1), axis(1))), THRESHOLD);

        Assigner.Match m = a.match(atCosine(0.75, 2)); // 0.75 to P-1's centroid and exemplar, 0 to P-2

        assertThat(m.matched()).isFalse();
        assertThat(m).isEqualTo(Assigner.Match.NONE);
    }

    @Example
    void match_scoreExactlyAtTheThreshold_joins() {
        Assigner a = new Assigner(List.of(target("P-1", axis(0))), 0.5);

        assertThat(a.match(new float[] {0.5f, (float) Math.sqrt(0.75), 0, 0}).matched()).isTrue();
    }

    @Example
    void match_nearestExemplarRescuesAnElongatedPattern() {
        // An elongated pattern: its members spread in two directions, each end 0.74 from the
        // centroid. A vector near one end is below the threshold to the centroid (0.74) but 0.999
        // to the exemplar at that end, so the blend (0.87) takes it in.
        float[] end1 = atCosine(0.74, 1);
        float[] end2 = atCosine(0.74, 2);
        float[] query = Vectors.l2Normalize(new float[] {0.74f, 0.67f, 0.05f, 0});
        List<Assigner.Target> targets = List.of(target("P-1", axis(0), end1, end2));

        Assigner blended = new Assigner(targets, THRESHOLD);
        Assigner centroidOnly = new Assigner(List.of(target("P-1", axis(0))), THRESHOLD);

        assertThat(Vectors.dot(query, axis(0))).isLessThan((float) THRESHOLD);
        assertThat(centroidOnly.match(query).matched()).isFalse();
        Assigner.Match m = blended.match(query);
        assertThat(m.matched()).isTrue();
        assertThat(m.score()).isGreaterThanOrEqualTo(THRESHOLD);
    }

    @Example
    void match_oneOddExemplarFarFromTheCentroid_cannotPullInAVectorOutsideTheMargin() {
        // The exemplar is identical to the query (similarity 1), so the blend (0.65 + 1) / 2 = 0.825
        // would pass 0.80; but the centroid is 0.65, below 0.80 - 0.12 = 0.68: not a candidate.
        float[] query = atCosine(0.65, 1);
        Assigner a = new Assigner(List.of(target("P-1", axis(0), axis(0), query)), THRESHOLD);

        assertThat(a.match(query).matched()).isFalse();
    }

    @Example
    void match_centroidJustInsideTheMargin_isScoredWithItsExemplar() {
        // centroid 0.69 >= 0.68: a candidate; (0.69 + 1) / 2 = 0.845 >= 0.80
        float[] query = atCosine(0.69, 1);
        Assigner a = new Assigner(List.of(target("P-1", axis(0), axis(0), query)), THRESHOLD);

        Assigner.Match m = a.match(query);

        assertThat(m.matched()).isTrue();
        assertThat(m.score()).isCloseTo((0.69 + 1) / 2, within(1e-6));
    }

    @Example
    void match_highestScoreWins_notTheFirstAboveTheThreshold() {
        Assigner a = new Assigner(List.of(
                target("P-1", atCosine(0.85, 1)),
                target("P-2", atCosine(0.95, 1))), THRESHOLD);

        assertThat(a.match(axis(0)).target()).isEqualTo(1);
    }

    @Example
    void match_equalScores_goToTheEarlierTarget() {
        Assigner a = new Assigner(List.of(
                target("P-1", atCosine(0.9, 1)),
                target("P-2", atCosine(0.9, 1)),
                target("P-3", atCosine(0.9, 2))), THRESHOLD);

        assertThat(a.match(axis(0)).target()).isZero();
    }

    @Example
    void match_patternWithoutExemplars_isJudgedByItsCentroidAlone() {
        Assigner a = new Assigner(List.of(target("P-1", axis(0))), THRESHOLD);

        assertThat(a.match(atCosine(0.81, 1)).score()).isCloseTo(0.81, within(1e-6));
        assertThat(a.match(atCosine(0.79, 1)).matched()).isFalse();
    }

    @Example
    void match_noTargets_matchesNothing() {
        assertThat(new Assigner(List.of(), THRESHOLD).match(axis(0))).isEqualTo(Assigner.Match.NONE);
    }

    @Example
    void match_vectorOfAnotherLength_isRejected() {
        Assigner a = new Assigner(List.of(target("P-1", axis(0))), THRESHOLD);

        assertThatThrownBy(() -> a.match(new float[] {1, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengths differ");
    }

    @Example
    void constructor_thresholdOutsideZeroToOne_isRejected() {
        assertThatThrownBy(() -> new Assigner(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assigner(List.of(), 1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Assigner(List.of(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<float[]> unitVectors() {
        return Arbitraries.floats().between(-1, 1).array(float[].class).ofSize(6)
                .filter(v -> Vectors.dot(v, v) > 0.01f).map(v -> Vectors.l2Normalize(v.clone()));
    }

    @Provide
    Arbitrary<List<Assigner.Target>> targets() {
        Arbitrary<Assigner.Target> one = Arbitraries.integers().between(0, 4).flatMap(n ->
                unitVectors().list().ofSize(n + 1).map(vs -> new Assigner.Target("P", vs.get(0),
                        vs.subList(1, vs.size()))));
        return one.list().ofMinSize(0).ofMaxSize(5);
    }

    /** The matched target's score is at or above the threshold and no eligible target scores higher. */
    @Property(tries = 300)
    void match_isTheBestEligibleTarget(@ForAll("targets") List<Assigner.Target> targets,
            @ForAll("unitVectors") float[] v, @ForAll @DoubleRange(min = 0.3, max = 0.95) double threshold) {
        Assigner.Match m = new Assigner(targets, threshold).match(v);

        List<Double> eligible = new ArrayList<>();
        for (Assigner.Target t : targets) {
            double c = Vectors.dot(v, t.centroid());
            double n = t.exemplars().stream().mapToDouble(e -> Vectors.dot(v, e)).max().orElse(c);
            double s = Assigner.score(c, n);
            eligible.add(c >= threshold - Assigner.EXEMPLAR_MARGIN && s >= threshold ? s : Double.NaN);
        }
        double best = eligible.stream().filter(s -> !s.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (Double.isNaN(best)) {
            assertThat(m.matched()).isFalse();
        } else {
            assertThat(m.matched()).isTrue();
            assertThat(m.score()).isEqualTo(best);
            assertThat(eligible.indexOf(best)).isEqualTo(m.target());
        }
    }

    /** Raising the threshold never makes a vector match where it did not. */
    @Property(tries = 300)
    void match_higherThreshold_matchesNoMore(@ForAll("targets") List<Assigner.Target> targets,
            @ForAll("unitVectors") float[] v, @ForAll @DoubleRange(min = 0.3, max = 0.95) double low,
            @ForAll @DoubleRange(min = 0, max = 0.05) double step) {
        boolean atHigher = new Assigner(targets, low + step).match(v).matched();
        boolean atLower = new Assigner(targets, low).match(v).matched();

        assertThat(!atHigher || atLower).isTrue();
    }
}
