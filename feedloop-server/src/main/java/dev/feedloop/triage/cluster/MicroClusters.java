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
    private static final int TWO_MEANS_ITERATIONS = 8;

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
            boolean changed = assign(x, group, a, b, side);
            float[][] m = means(x, group, side);
            if (m == null) {
                return null;
            }
            a = m[0];
            b = m[1];
            if (!changed && it > 0) {
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

    private static boolean assign(float[][] x, int[] group, float[] a, float[] b, boolean[] side) {
        float ha = 0.5f * Kernels.dot(a, a);
        float hb = 0.5f * Kernels.dot(b, b);
        int chunks = (group.length + KMeans.CHUNK - 1) / KMeans.CHUNK;
        boolean[] changed = new boolean[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            for (int k = c * KMeans.CHUNK, end = Math.min(group.length, k + KMeans.CHUNK); k < end; k++) {
                float[] v = x[group[k]];
                boolean s = Kernels.dot(v, b) - hb > Kernels.dot(v, a) - ha;
                changed[c] |= s != side[k];
                side[k] = s;
            }
        });
        for (boolean c : changed) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    private static float[][] means(float[][] x, int[] group, boolean[] side) {
        int dim = x[0].length;
        double[][] sum = new double[2][dim];
        int[] n = new int[2];
        for (int k = 0; k < group.length; k++) {
            int s = side[k] ? 1 : 0;
            float[] v = x[group[k]];
            double[] acc = sum[s];
            for (int d = 0; d < dim; d++) {
                acc[d] += v[d];
            }
            n[s]++;
        }
        if (n[0] == 0 || n[1] == 0) {
            return null;
        }
        float[][] m = new float[2][dim];
        for (int s = 0; s < 2; s++) {
            for (int d = 0; d < dim; d++) {
                m[s][d] = (float) (sum[s][d] / n[s]);
            }
        }
        return m;
    }
}
