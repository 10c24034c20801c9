package dev.feedloop.triage;

import dev.feedloop.store.NegativeRules;

/**
 * Tuning of a triage run. The defaults are calibrated in bench/ (see README, "Triage"):
 *
 * @param assignThreshold cosine similarity at or above which a negative joins a known pattern
 * @param mergeThreshold  centroid similarity at or above which a new cluster is folded into a known pattern
 * @param consolidateThreshold average-linkage similarity (mean cosine of the fragments' centroids) at or above
 *                        which new clusters are joined as fragments of one pattern (see {@link Consolidation})
 * @param minClusterSize  smallest group of negatives that may become a pattern
 * @param minLift         how much more often than similar traffic a group must fail to be a pattern
 * @param sampleSize      responses sampled as the baseline for lift and cause evidence
 * @param outputChars     how much of the output joins the input in the embedded text (0: the input alone)
 */
public record TriageConfig(NegativeRules rules, double assignThreshold, double mergeThreshold,
        double consolidateThreshold, int minClusterSize, double minLift, int sampleSize, int outputChars,
        int exemplars) {

    public static final TriageConfig DEFAULT = new TriageConfig(NegativeRules.DEFAULT, 0.80, 0.82, 0.75, 8, 2.0,
            1_500, 80, 24);

    public TriageConfig {
        if (assignThreshold <= 0 || assignThreshold > 1) {
            throw new IllegalArgumentException("assignThreshold must be in (0, 1], got " + assignThreshold);
        }
        if (mergeThreshold <= 0 || mergeThreshold > 1) {
            throw new IllegalArgumentException("mergeThreshold must be in (0, 1], got " + mergeThreshold);
        }
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be at least 2, got " + minClusterSize);
        }
        if (minLift < 0) {
            throw new IllegalArgumentException("minLift must be >= 0, got " + minLift);
        }
        if (outputChars < 0) {
            throw new IllegalArgumentException("outputChars must be >= 0, got " + outputChars);
        }
        if (sampleSize < 100) {
            throw new IllegalArgumentException("sampleSize must be at least 100, got " + sampleSize);
        }
    }
}
