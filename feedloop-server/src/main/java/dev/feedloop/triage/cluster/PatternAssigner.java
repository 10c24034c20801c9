package dev.feedloop.triage.cluster;

import dev.feedloop.triage.embed.LocalModel;
import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns new vectors to known patterns, so that a pattern keeps its identity across weeks: only
 * what no pattern claims is clustered anew.
 *
 * <p>Two rules. {@link #byCentroid}: the pattern whose unit centroid is most similar. {@link
 * #byExemplars}: the pattern owning the most similar stored example (1-nearest neighbour), better
 * when many examples per pattern are kept. Either way the vector stays unassigned when the best
 * cosine similarity is below the threshold. The thresholds depend on the embedding model; the
 * defaults ({@link #defaultThreshold}) come from {@code ClusterBench calibrate}: on banking77 with
 * a quarter of the intents unknown, they are the lowest similarity keeping precision at or above
 * 0.9 (see bench/cluster/RESULTS.md).
 *
 * <pre>{@code
 * PatternAssigner a = PatternAssigner.byCentroid(centroids,
 *         PatternAssigner.defaultThreshold(embedder.modelId(), PatternAssigner.Rule.CENTROID));
 * PatternAssigner.Assignment hit = a.assign(vector);
 * if (hit.assigned()) { ... hit.pattern() ... }
 * }</pre>
 */
public final class PatternAssigner {

    /** How a vector is compared to a pattern. */
    public enum Rule { CENTROID, EXEMPLAR }

    /**
     * Result of one assignment.
     *
     * @param pattern index of the pattern, or -1 when none is similar enough
     * @param nearest index of the most similar pattern even if below the threshold (-1 if none exist)
     * @param similarity cosine similarity to {@code nearest}
     */
    public record Assignment(int pattern, int nearest, double similarity) {
        public boolean assigned() {
            return pattern >= 0;
        }
    }

    private final float[][] vectors;
    private final int[] owner;
    private final int patterns;
    private final double threshold;

    private PatternAssigner(float[][] vectors, int[] owner, int patterns, double threshold) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a cosine in [-1, 1], got " + threshold);
        }
        this.vectors = vectors;
        this.owner = owner;
        this.patterns = patterns;
        this.threshold = threshold;
    }

    /**
     * Compares vectors with each pattern's centroid (scaled to unit length here).
     *
     * @throws IllegalArgumentException if a centroid is null, zero or of another length
     */
    public static PatternAssigner byCentroid(List<float[]> centroids, double threshold) {
        float[][] v = new float[centroids.size()][];
        int[] owner = new int[v.length];
        for (int p = 0; p < v.length; p++) {
            v[p] = unit(centroids.get(p), "centroid " + p);
            owner[p] = p;
        }
        checkLengths(v);
        return new PatternAssigner(v, owner, v.length, threshold);
    }

    /**
     * Compares vectors with every stored example of every pattern.
     *
     * @param exemplars per pattern, its examples (at least one each)
     * @throws IllegalArgumentException if a pattern has no example or vectors differ in length
     */
    public static PatternAssigner byExemplars(List<List<float[]>> exemplars, double threshold) {
        List<float[]> all = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int p = 0; p < exemplars.size(); p++) {
            List<float[]> ex = exemplars.get(p);
            if (ex == null || ex.isEmpty()) {
                throw new IllegalArgumentException("pattern " + p + " has no exemplar");
            }
            for (float[] e : ex) {
                all.add(unit(e, "exemplar of pattern " + p));
                owners.add(p);
            }
        }
        float[][] v = all.toArray(float[][]::new);
        checkLengths(v);
        return new PatternAssigner(v, owners.stream().mapToInt(Integer::intValue).toArray(),
                exemplars.size(), threshold);
    }

    /**
     * The calibrated threshold for a model and rule; for an unknown model, the bge-small value.
     */
    public static double defaultThreshold(String modelId, Rule rule) {
        boolean minilm = LocalModel.ALL_MINILM_L6_V2_Q.id().equalsIgnoreCase(modelId);
        // Lowest thresholds with open-set precision >= 0.9 in ClusterBench calibrate (banking77).
        if (rule == Rule.CENTROID) {
            return minilm ? 0.78 : 0.90;
        }
        return minilm ? 0.82 : 0.91;
    }

    public int patternCount() {
        return patterns;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * The most similar pattern, assigned if its similarity reaches the threshold.
     *
     * @throws IllegalArgumentException if the vector's length differs from the patterns'
     */
    public Assignment assign(float[] vector) {
        if (vectors.length == 0) {
            return new Assignment(-1, -1, Double.NaN);
        }
        float[] v = unit(vector, "vector");
        if (v.length != vectors[0].length) {
            throw new IllegalArgumentException("vector has length " + v.length + ", patterns have "
                    + vectors[0].length);
        }
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vectors.length; i++) {
            double s = Vectors.dot(v, vectors[i]);
            if (s > bestSim) {
                bestSim = s;
                best = i;
            }
        }
        int nearest = owner[best];
        return new Assignment(bestSim >= threshold ? nearest : -1, nearest, bestSim);
    }

    /** {@link #assign} for each row. */
    public List<Assignment> assignAll(float[][] rows) {
        List<Assignment> out = new ArrayList<>(rows.length);
        for (float[] r : rows) {
            out.add(assign(r));
        }
        return out;
    }

    private static float[] unit(float[] v, String what) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(what + " is null or empty");
        }
        float[] u = Vectors.l2Normalize(v.clone());
        if (Vectors.dot(u, u) == 0) {
            throw new IllegalArgumentException(what + " is a zero vector");
        }
        return u;
    }

    private static void checkLengths(float[][] v) {
        for (float[] x : v) {
            if (x.length != v[0].length) {
                throw new IllegalArgumentException("pattern vectors differ in length: " + x.length
                        + " vs " + v[0].length);
            }
        }
    }
}
