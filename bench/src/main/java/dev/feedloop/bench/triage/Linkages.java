package dev.feedloop.bench.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Alternatives to triage's centroid-linkage consolidation, for the diagnosis only: groups of
 * clusters are joined while their complete-linkage (smallest) or average-linkage (mean) cosine
 * between the original clusters' centroids is at least the threshold. Unlike centroid linkage, a
 * growing group's similarity never rises towards the data's mean direction, so it cannot snowball
 * (Lance and Williams 1967 on the space-contracting behaviour of centroid linkage).
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
