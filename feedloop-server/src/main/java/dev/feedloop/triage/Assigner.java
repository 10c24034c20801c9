package dev.feedloop.triage;

import dev.feedloop.triage.embed.Vectors;
import java.util.List;

/**
 * Matches a negative to the known patterns before anything new is created (as Latitude matches new
 * failures to existing issues), so a pattern keeps its id across runs. The score blends the
 * similarity to a pattern's centroid with the similarity to its nearest exemplar: the centroid
 * alone misjudges patterns that are elongated or have drifted, the nearest exemplar alone is fooled
 * by one odd member. All vectors are unit vectors (embeddings, {@link Vectors#centroid}), so a dot
 * product is a cosine.
 *
 * <p>The rule, for a vector v and threshold t:
 * <ol>
 *   <li>a pattern is a candidate only if cos(v, centroid) &ge; t - {@value #EXEMPLAR_MARGIN}, so one
 *       odd exemplar cannot pull in a vector from far away;</li>
 *   <li>its score is (cos(v, centroid) + max over exemplars cos(v, exemplar)) / 2; a pattern without
 *       exemplars scores its centroid similarity;</li>
 *   <li>v joins the candidate with the highest score if that score is &ge; t; on equal scores the
 *       earlier target wins (triage lists patterns oldest first).</li>
 * </ol>
 *
 * <p>The threshold is {@link TriageConfig#assignThreshold()}, 0.80 by default, measured with
 * {@code bench/cluster/run.sh calibrate} (CalibrationBench runs this class): the intents of
 * banking77-train as patterns (unit centroid, 24 exemplars picked as PatternWriter picks them),
 * banking77-test as negatives, a quarter of the intents unknown in 20 draws. With bge-small-en-v1.5-q
 * at 0.80: open-set precision 0.730, recall 0.910 (closed set: precision 0.909, 98.5 % assigned).
 * The stricter bar the removed PatternAssigner was held to, open-set precision &ge; 0.90, is first
 * met at 0.89 (precision 0.914, recall 0.737). 0.80 is kept because triage got worse there on the
 * demo world (bench/triage TriageQualityBench, -Dtriage.assignThreshold): at 0.89 week-by-week
 * purity fell from 0.94 to 0.82, one planted pattern was absorbed by another and week-by-week vs
 * whole-span agreement fell from 1.000 to 0.842; at 0.87, the best open-set F1, purity rose to 0.96
 * but agreement fell to 0.990. banking77's intents are much finer than failure patterns, and a
 * negative left unassigned is not lost: it is clustered with the rest, and a new cluster within
 * {@link TriageConfig#mergeThreshold()} of a known pattern is folded into it. The blend beats
 * either part alone there (best open-set F1 0.840, vs 0.831 nearest exemplar, 0.805 centroid).
 * Figures: bench/cluster/RESULTS.md, "Assignment threshold calibration".
 *
 * <pre>{@code
 * Assigner assigner = new Assigner(List.of(new Assigner.Target("P-1", centroid, exemplars)), 0.80);
 * Assigner.Match m = assigner.match(vector);
 * if (m.matched()) { ... targets.get(m.target()) ... m.score() ... }
 * }</pre>
 */
public final class Assigner {
    /** A pattern is only a candidate when its centroid similarity is at most this far below the threshold. */
    public static final double EXEMPLAR_MARGIN = 0.12;

    /**
     * A known pattern.
     *
     * @param id        the pattern's id (for the caller; the assigner reports indexes)
     * @param centroid  its unit centroid
     * @param exemplars some of its members' unit vectors; may be empty
     */
    public record Target(String id, float[] centroid, List<float[]> exemplars) {
    }

    /**
     * Result of one match.
     *
     * @param target index of the matched target, or -1 when none is similar enough
     * @param score  the blended score of that target (0 when none matched)
     */
    public record Match(int target, double score) {
        public static final Match NONE = new Match(-1, 0);

        public boolean matched() {
            return target >= 0;
        }
    }

    private final List<Target> targets;
    private final double threshold;

    /**
     * @param threshold the score at or above which a vector joins a pattern, in (0, 1]
     * @throws IllegalArgumentException if the threshold is outside (0, 1]
     */
    public Assigner(List<Target> targets, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        this.targets = List.copyOf(targets);
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * The best target at or above the threshold, or {@link Match#NONE}.
     *
     * @throws IllegalArgumentException if the vector's length differs from a target's
     */
    public Match match(float[] v) {
        Match best = Match.NONE;
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            double centroid = Vectors.dot(v, target.centroid());
            if (centroid < threshold - EXEMPLAR_MARGIN) {
                continue;
            }
            double score = score(centroid, nearest(v, target, centroid));
            if (score >= threshold && (!best.matched() || score > best.score())) {
                best = new Match(t, score);
            }
        }
        return best;
    }

    /** The blended score of a pattern whose centroid and nearest exemplar have these similarities. */
    public static double score(double centroidSimilarity, double nearestExemplarSimilarity) {
        return (centroidSimilarity + nearestExemplarSimilarity) / 2;
    }

    private static double nearest(float[] v, Target target, double centroid) {
        if (target.exemplars().isEmpty()) {
            return centroid;
        }
        double nearest = -1;
        for (float[] e : target.exemplars()) {
            nearest = Math.max(nearest, Vectors.dot(v, e));
        }
        return nearest;
    }
}
