package dev.feedloop.triage;

import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins clusters that are fragments of one failure pattern. The clusterer cuts finely (it is tuned
 * to separate fine-grained intents), and one failure often arrives in several phrasings that it
 * keeps apart; a pattern reported as five fragments is five tickets for one problem.
 *
 * <p>Average linkage (UPGMA, Sokal and Michener 1958) over the fragments' centroids: repeatedly
 * merge the two groups whose mean pairwise centroid cosine (each fragment counted once) is highest,
 * while that mean is at least the threshold. Centroid linkage, used before, is space-contracting
 * (Lance and Williams 1967): every negative of a product shares a common direction (cluster
 * centroids have cosine 0.79-0.92 to the mean of all negatives on the demo world), so a merged
 * group's centroid drifts towards that mean and comes closer to everything; below 0.82 it chained
 * all fragments into one group whose lift failed, and no pattern was found. A group's average
 * similarity does not rise as it grows, so it cannot snowball.
 *
 * <p>Threshold, from bench {@code TriageDiagnosis} on the demo world (replaying a first run):
 * over the whole span (8.5k negatives; the same on the world scaled to 100k) average linkage found
 * all 6 planted patterns at every threshold from 0.72 to 0.82, and at 0.72 also joined the two
 * fragments of one pattern (F1 0.86 to 0.98); at 0.71 and below, distinct patterns ran together.
 * Week-sized windows, as the demo and the weekly schedule run it, are less forgiving: at 0.72 and
 * 0.73 distinct patterns ran together or a pattern was lost in three of four weeks, while 0.74-0.82
 * found every pattern present in every week, and 0.74-0.75 joined that pattern's fragments in two
 * weeks where 0.78 did not (bench/triage/README.md has the table). The default,
 * {@link TriageConfig#DEFAULT} 0.75, keeps a step from the collapse. For scale: fragments of one
 * pattern have centroid cosine median 0.89-0.91 (10th percentile 0.74-0.88 by window); different
 * patterns median 0.66-0.70 (90th percentile 0.73-0.76, maximum 0.81-0.83). Cost: O(k^2) memory
 * and O(k^3) time in the k failing clusters (hundreds at most), negligible beside clustering.
 */
final class Consolidation {
    private Consolidation() {
    }

    /** Groups of member indexes, merged; the order of the first member of each group is kept. */
    static List<List<Integer>> merge(List<List<Integer>> clusters, float[][] vectors, double threshold) {
        int k = clusters.size();
        double[][] sim = centroidCosines(clusters, vectors);
        List<List<Integer>> members = new ArrayList<>();
        clusters.forEach(c -> members.add(new ArrayList<>(c)));
        int[] fragments = new int[k];
        java.util.Arrays.fill(fragments, 1);
        boolean[] gone = new boolean[k];
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = threshold;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k && !gone[a]; b++) {
                    if (!gone[b] && sim[a][b] >= best) {
                        best = sim[a][b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            // Lance-Williams update for average linkage: the mean over the fragment pairs of both groups
            for (int c = 0; c < k; c++) {
                if (!gone[c] && c != bestA && c != bestB) {
                    double s = (fragments[bestA] * sim[bestA][c] + fragments[bestB] * sim[bestB][c])
                            / (fragments[bestA] + fragments[bestB]);
                    sim[bestA][c] = s;
                    sim[c][bestA] = s;
                }
            }
            fragments[bestA] += fragments[bestB];
            members.get(bestA).addAll(members.get(bestB));
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

    /** Cosine between the unit centroids of every two clusters. */
    private static double[][] centroidCosines(List<List<Integer>> clusters, float[][] vectors) {
        int k = clusters.size();
        float[][] unit = new float[k][];
        for (int i = 0; i < k; i++) {
            List<float[]> vs = new ArrayList<>(clusters.get(i).size());
            clusters.get(i).forEach(m -> vs.add(vectors[m]));
            unit[i] = Vectors.centroid(vs);
        }
        double[][] sim = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                sim[a][b] = Vectors.dot(unit[a], unit[b]);
                sim[b][a] = sim[a][b];
            }
        }
        return sim;
    }
}
