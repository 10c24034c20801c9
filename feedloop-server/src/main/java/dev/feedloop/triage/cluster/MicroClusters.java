package dev.feedloop.triage.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Splits n points into about {@code target} small groups by bisecting k-means (Steinbach,
 * Karypis and Kumar, "A comparison of document clustering techniques", 2000): the largest group
 * is split by 2-means until there are enough. Cost O(n d log target), memory O(n), so Ward can then
 * run exactly on the group centroids weighted by size instead of on an n x n matrix.
 */
final class MicroClusters {
    // Refinement on the full data follows, so the groups need not be exact 2-means optima.
    private static final int TWO_MEANS_ITERATIONS = 5;

    private MicroClusters() {
    }

    /** Group id of every point, ids dense in [0, groups). */
    static int[] bisect(float[][] x, int target, SplittableRandom random) {
        Comparator<int[]> largestFirst = Comparator.<int[]>comparingInt(g -> -g.length)
                .thenComparingInt(g -> g[0]);
        PriorityQueue<int[]> open = new PriorityQueue<>(largestFirst);
        List<int[]> done = new ArrayList<>();
        open.add(IntStream.range(0, x.length).toArray());
        while (!open.isEmpty() && open.size() + done.size() < target) {
            int[] group = open.poll();
            int[][] halves = group.length < 2 ? null : twoMeans(x, group, random);
            if (halves == null) {
                done.add(group);
            } else {
                open.add(halves[0]);
                open.add(halves[1]);
            }
        }
        done.addAll(open);
        done.sort(Comparator.comparingInt(g -> g[0]));
        int[] id = new int[x.length];
        for (int g = 0; g < done.size(); g++) {
            for (int i : done.get(g)) {
                id[i] = g;
            }
        }
        return id;
    }

    /** Two halves by 2-means seeded k-means++ style, or null if the points cannot be separated. */
    private static int[][] twoMeans(float[][] x, int[] group, SplittableRandom random) {
        float[] a = x[group[random.nextInt(group.length)]];
        float[] b = farSample(x, group, a, random);
        boolean[] side = new boolean[group.length];
        for (int it = 0; it < TWO_MEANS_ITERATIONS; it++) {
            Pass p = assignAndSum(x, group, a, b, side);
            if (p.count[0] == 0 || p.count[1] == 0) {
                return null;
            }
            a = mean(p.sum[0], p.count[0]);
            b = mean(p.sum[1], p.count[1]);
            if (!p.changed && it > 0) {
                break;
            }
        }
        int left = 0;
        for (boolean s : side) {
            left += s ? 0 : 1;
        }
        if (left == 0 || left == group.length) {
            return null;
        }
        int[] l = new int[left];
        int[] r = new int[group.length - left];
        for (int k = 0, li = 0, ri = 0; k < group.length; k++) {
            if (side[k]) {
                r[ri++] = group[k];
            } else {
                l[li++] = group[k];
            }
        }
        return new int[][] {l, r};
    }

    /** Result of one assignment pass: per side the vector sum and count, and whether any point moved. */
    private record Pass(double[][] sum, int[] count, boolean changed) {
    }

    /**
     * Assigns each point to the nearer of a and b and sums each side, in parallel chunks reduced
     * in order (deterministic). {@code |x-b|^2 < |x-a|^2} iff {@code x.(b-a) > (|b|^2-|a|^2)/2}.
     */
    private static Pass assignAndSum(float[][] x, int[] group, float[] a, float[] b, boolean[] side) {
        int dim = a.length;
        float[] diff = new float[dim];
        for (int d = 0; d < dim; d++) {
            diff[d] = b[d] - a[d];
        }
        float bias = 0.5f * (Kernels.dot(b, b) - Kernels.dot(a, a));
        int chunks = (group.length + KMeans.CHUNK - 1) / KMeans.CHUNK;
        Pass[] parts = new Pass[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[][] sum = new double[2][dim];
            int[] count = new int[2];
            boolean changed = false;
            for (int k = c * KMeans.CHUNK, end = Math.min(group.length, k + KMeans.CHUNK); k < end; k++) {
                float[] v = x[group[k]];
                boolean s = Kernels.dot(v, diff) > bias;
                changed |= s != side[k];
                side[k] = s;
                int si = s ? 1 : 0;
                double[] acc = sum[si];
                for (int d = 0; d < dim; d++) {
                    acc[d] += v[d];
                }
                count[si]++;
            }
            parts[c] = new Pass(sum, count, changed);
        });
        double[][] sum = new double[2][dim];
        int[] count = new int[2];
        boolean changed = false;
        for (Pass p : parts) {
            for (int s = 0; s < 2; s++) {
                for (int d = 0; d < dim; d++) {
                    sum[s][d] += p.sum[s][d];
                }
                count[s] += p.count[s];
            }
            changed |= p.changed;
        }
        return new Pass(sum, count, changed);
    }

    private static float[] mean(double[] sum, int n) {
        float[] m = new float[sum.length];
        for (int d = 0; d < m.length; d++) {
            m[d] = (float) (sum[d] / n);
        }
        return m;
    }

    /** A point drawn with probability proportional to its squared distance from {@code a}. */
    private static float[] farSample(float[][] x, int[] group, float[] a, SplittableRandom random) {
        double[] d = new double[group.length];
        double total = 0;
        for (int k = 0; k < group.length; k++) {
            d[k] = KMeans.dist2(x[group[k]], a);
            total += d[k];
        }
        double r = random.nextDouble() * total;
        for (int k = 0; k < group.length; k++) {
            r -= d[k];
            if (r <= 0 && d[k] > 0) {
                return x[group[k]];
            }
        }
        return x[group[group.length - 1]];
    }
}
