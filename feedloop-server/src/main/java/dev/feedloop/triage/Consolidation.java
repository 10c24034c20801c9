package dev.feedloop.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins clusters that are fragments of one failure pattern. The clusterer cuts finely (it is tuned
 * to separate fine-grained intents), and one failure often arrives in several phrasings that it
 * keeps apart; a pattern reported as five fragments is five tickets for one problem. Centroid
 * linkage: repeatedly merge the two clusters whose (size-weighted) centroids are most similar,
 * while that similarity is at least the threshold.
 *
 * <p>The default threshold, 0.82, sits between the centroid similarities measured on the demo
 * world: fragments of one planted pattern had a median of 0.91 (10th percentile 0.78), different
 * patterns a median of 0.67 (90th percentile 0.73, maximum 0.79).
 */
final class Consolidation {
    private Consolidation() {
    }

    /** Groups of member indexes, merged; the order of the first member of each group is kept. */
    static List<List<Integer>> merge(List<List<Integer>> clusters, float[][] vectors, double threshold) {
        int k = clusters.size();
        List<List<Integer>> members = new ArrayList<>();
        List<float[]> sums = new ArrayList<>();
        for (List<Integer> c : clusters) {
            members.add(new ArrayList<>(c));
            float[] sum = new float[vectors[c.get(0)].length];
            for (int i : c) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += vectors[i][d];
                }
            }
            sums.add(sum);
        }
        boolean[] gone = new boolean[k];
        float[][] unit = new float[k][];
        for (int i = 0; i < k; i++) {
            unit[i] = VectorMath.normalise(sums.get(i).clone());
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = threshold;
            for (int a = 0; a < k; a++) {
                if (gone[a]) {
                    continue;
                }
                for (int b = a + 1; b < k; b++) {
                    if (!gone[b]) {
                        double s = VectorMath.dot(unit[a], unit[b]);
                        if (s >= best) {
                            best = s;
                            bestA = a;
                            bestB = b;
                        }
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            members.get(bestA).addAll(members.get(bestB));
            float[] sum = sums.get(bestA);
            float[] other = sums.get(bestB);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += other[d];
            }
            unit[bestA] = VectorMath.normalise(sum.clone());
            gone[bestB] = true;
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (!gone[i]) {
                out.add(members.get(i));
            }
        }
        return out;
    }
}
