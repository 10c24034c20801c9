package dev.feedloop.triage.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Lloyd's k-means (Lloyd 1982) in two flavours: Euclidean with k-means++ seeding (Arthur and
 * Vassilvitskii 2007), the reference the benchmark runs with the true k, and spherical
 * (Dhillon and Modha 2001: unit centroids, cosine assignment), which {@link Clusterer} uses to
 * polish the partition cut from the Ward tree.
 *
 * <p>Work is split into fixed chunks of rows and reduced in chunk order, so results do not depend
 * on the number of threads.
 */
public final class KMeans {
    static final int CHUNK = 2048;

    private KMeans() {
    }

    /**
     * Euclidean k-means with k-means++ seeding.
     *
     * @return labels in [0, k)
     * @throws IllegalArgumentException if k is not in [1, n]
     */
    public static int[] fit(float[][] x, int k, int maxIterations, SplittableRandom random) {
        if (k < 1 || k > x.length) {
            throw new IllegalArgumentException("k must be in [1, " + x.length + "], got " + k);
        }
        float[][] centers = seedPlusPlus(x, k, random);
        int[] labels = assign(x, centers, false);
        for (int it = 0; it < maxIterations; it++) {
            centers = means(x, labels, k, false);
            int[] next = assign(x, centers, false);
            boolean same = Arrays.equals(next, labels);
            labels = next;
            if (same) {
                break;
            }
        }
        return labels;
    }

    /**
     * Spherical Lloyd iterations from an initial partition; empty clusters stay empty. Stops early
     * once a round moves at most 0.1 % of the points (later rounds barely change the scores).
     *
     * @return the labels after at most {@code maxIterations} rounds or convergence
     */
    public static int[] refineSpherical(float[][] x, int[] labels, int k, int maxIterations) {
        int[] current = labels.clone();
        for (int it = 0; it < maxIterations; it++) {
            float[][] centers = means(x, current, k, true);
            int[] next = assign(x, centers, true);
            int moved = 0;
            for (int i = 0; i < next.length; i++) {
                moved += next[i] != current[i] ? 1 : 0;
            }
            current = next;
            if (moved <= next.length / 1000) {
                break;
            }
        }
        return current;
    }

    /**
     * Means of each label (a null row for an empty cluster), scaled to unit length if asked.
     */
    static float[][] means(float[][] x, int[] labels, int k, boolean unit) {
        int dim = x[0].length;
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        double[][][] partial = new double[chunks][][];
        int[][] counts = new int[chunks][];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[][] sum = new double[k][];
            int[] cnt = new int[k];
            for (int i = c * CHUNK, end = Math.min(x.length, i + CHUNK); i < end; i++) {
                int l = labels[i];
                if (l < 0) {
                    continue;
                }
                if (sum[l] == null) {
                    sum[l] = new double[dim];
                }
                float[] v = x[i];
                double[] s = sum[l];
                for (int d = 0; d < dim; d++) {
                    s[d] += v[d];
                }
                cnt[l]++;
            }
            partial[c] = sum;
            counts[c] = cnt;
        });
        float[][] centers = new float[k][];
        for (int l = 0; l < k; l++) {
            double[] s = new double[dim];
            long n = 0;
            for (int c = 0; c < chunks; c++) {
                if (partial[c][l] != null) {
                    double[] p = partial[c][l];
                    for (int d = 0; d < dim; d++) {
                        s[d] += p[d];
                    }
                    n += counts[c][l];
                }
            }
            if (n > 0) {
                centers[l] = toCenter(s, n, unit);
            }
        }
        return centers;
    }

    private static float[] toCenter(double[] sum, long n, boolean unit) {
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        double scale = unit ? (norm > 0 ? 1 / Math.sqrt(norm) : 0) : 1.0 / n;
        float[] c = new float[sum.length];
        for (int d = 0; d < c.length; d++) {
            c[d] = (float) (sum[d] * scale);
        }
        return c;
    }

    /**
     * Nearest center of each row: largest {@code x.c} for unit centers, else largest
     * {@code x.c - |c|^2/2} (the same order as smallest squared distance). Null centers are skipped.
     */
    static int[] assign(float[][] x, float[][] centers, boolean unit) {
        int k = centers.length;
        int dim = x[0].length;
        float[][] dense = new float[k][];
        float[] bias = new float[k];
        for (int l = 0; l < k; l++) {
            dense[l] = centers[l] == null ? new float[dim] : centers[l];
            bias[l] = centers[l] == null ? Float.NEGATIVE_INFINITY
                    : unit ? 0f : -0.5f * Kernels.dot(centers[l], centers[l]);
        }
        float[][] t = Kernels.transpose(dense);
        int[] labels = new int[x.length];
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            float[] scores = new float[k];
            for (int i = c * CHUNK, end = Math.min(x.length, i + CHUNK); i < end; i++) {
                Kernels.dotAll(x[i], t, scores);
                labels[i] = Kernels.argMax(scores, bias);
            }
        });
        return labels;
    }

    private static float[][] seedPlusPlus(float[][] x, int k, SplittableRandom random) {
        int n = x.length;
        float[][] centers = new float[k][];
        centers[0] = x[random.nextInt(n)].clone();
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            float[] last = centers[c - 1];
            IntStream.range(0, n).parallel().forEach(i ->
                    best[i] = Math.min(best[i], dist2(x[i], last)));
            double total = 0;
            for (double b : best) {
                total += b;
            }
            double r = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= best[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            centers[c] = x[pick].clone();
        }
        return centers;
    }

    static double dist2(float[] a, float[] b) {
        return dev.feedloop.triage.embed.Vectors.squaredDistance(a, b);
    }
}
