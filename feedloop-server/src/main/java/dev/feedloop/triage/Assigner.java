package dev.feedloop.triage;

import dev.feedloop.triage.embed.Vectors;
import java.util.List;

/**
 * Matches a negative to the known patterns before anything new is created (as Latitude matches new
 * failures to existing issues). The score blends the similarity to a pattern's centroid with the
 * similarity to its nearest exemplar: the centroid alone misjudges patterns that are elongated or
 * have drifted, the nearest exemplar alone is fooled by one odd member.
 */
final class Assigner {
    /** Patterns whose centroid is this far below the threshold are not worth checking exemplars for. */
    private static final double EXEMPLAR_MARGIN = 0.12;

    record Target(String id, float[] centroid, List<float[]> exemplars) {
    }

    record Match(int target, double score) {
        static final Match NONE = new Match(-1, 0);
    }

    private final List<Target> targets;
    private final double threshold;

    Assigner(List<Target> targets, double threshold) {
        this.targets = targets;
        this.threshold = threshold;
    }

    /** The best target at or above the threshold, or {@link Match#NONE}. */
    Match match(float[] v) {
        Match best = Match.NONE;
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            double centroid = Vectors.dot(v, target.centroid());
            if (centroid < threshold - EXEMPLAR_MARGIN) {
                continue;
            }
            double nearest = centroid;
            if (!target.exemplars().isEmpty()) {
                nearest = -1;
                for (float[] e : target.exemplars()) {
                    nearest = Math.max(nearest, Vectors.dot(v, e));
                }
            }
            double score = (centroid + nearest) / 2;
            if (score >= threshold && score > best.score()) {
                best = new Match(t, score);
            }
        }
        return best;
    }
}
