package dev.feedloop.bench.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Alternatives to triage's consolidation (average linkage, the server's Consolidation), for the
 * diagnosis only: groups of clusters are joined while their complete-linkage (smallest) or
 * average-linkage (mean) cosine between the original clusters' centroids is at least the
 * threshold, or, with {@link #centroid}, while the cosine of their size-weighted centroids is (the
 * server's linkage until the switch to average linkage). Centroid linkage is space-contracting
 * (Lance and Williams 1967): a growing group's centroid drifts towards the data's mean direction,
 * so it can snowball.
 */
final class Linkages {
    private Linkages() {
    }

    static List<List<Integer>> merge(List<List<Integer>> clusters, float[][] vectors, double threshold,
            boolean complete) {
        int k = clusters.size();
        float[][] c = new float[k][];
        for (int i = 0; i < k; i++) {
            c[i] = centroid(clusters.get(i), vectors);
        }
        double[][] sim = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                sim[a][b] = TriageDiagnosis.dot(c[a], c[b]);
            }
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            parts.add(new ArrayList<>(List.of(i)));
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = threshold;
            for (int a = 0; a < parts.size(); a++) {
                for (int b = a + 1; b < parts.size(); b++) {
                    double s = linkage(parts.get(a), parts.get(b), sim, complete);
                    if (s >= best) {
                        best = s;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            parts.get(bestA).addAll(parts.remove(bestB));
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> part : parts) {
            List<Integer> members = new ArrayList<>();
            part.forEach(i -> members.addAll(clusters.get(i)));
            out.add(members);
        }
        return out;
    }

    /** Centroid linkage on size-weighted sums, as triage's Consolidation did before average linkage. */
    static List<List<Integer>> centroid(List<List<Integer>> clusters, float[][] vectors, double threshold) {
        List<List<Integer>> members = new ArrayList<>();
        List<float[]> sums = new ArrayList<>();
        for (List<Integer> c : clusters) {
            members.add(new ArrayList<>(c));
            float[] sum = new float[vectors[0].length];
            c.forEach(i -> add(sum, vectors[i]));
            sums.add(sum);
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = threshold;
            for (int a = 0; a < sums.size(); a++) {
                for (int b = a + 1; b < sums.size(); b++) {
                    double s = cosine(sums.get(a), sums.get(b));
                    if (s >= best) {
                        best = s;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                return members;
            }
            members.get(bestA).addAll(members.remove(bestB));
            add(sums.get(bestA), sums.remove(bestB));
        }
    }

    private static void add(float[] sum, float[] v) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += v[d];
        }
    }

    private static double cosine(float[] a, float[] b) {
        return TriageDiagnosis.dot(a, b) / Math.sqrt(TriageDiagnosis.dot(a, a) * TriageDiagnosis.dot(b, b));
    }

    private static double linkage(List<Integer> a, List<Integer> b, double[][] sim, boolean complete) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int i : a) {
            for (int j : b) {
                min = Math.min(min, sim[i][j]);
                sum += sim[i][j];
            }
        }
        return complete ? min : sum / (a.size() * b.size());
    }

    private static float[] centroid(List<Integer> members, float[][] vectors) {
        float[] c = new float[vectors[0].length];
        for (int i : members) {
            for (int d = 0; d < c.length; d++) {
                c[d] += vectors[i][d];
            }
        }
        double norm = Math.sqrt(TriageDiagnosis.dot(c, c));
        for (int d = 0; d < c.length; d++) {
            c[d] /= (float) norm;
        }
        return c;
    }
}
