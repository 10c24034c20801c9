package dev.feedloop.triage.cluster;

import dev.feedloop.triage.embed.Vectors;

/**
 * The inner loops. One point against many centroids is computed as a sum of scaled rows of the
 * transposed centroid matrix ({@code out += x[d] * t[d][*]}): an element-wise loop that HotSpot's
 * C2 compiler turns into SIMD instructions, unlike a floating-point dot-product reduction.
 */
final class Kernels {
    private Kernels() {
    }

    static float dot(float[] a, float[] b) {
        return Vectors.dot(a, b);
    }

    /** {@code t[d][i] = rows[i][d]}. */
    static float[][] transpose(float[][] rows) {
        int n = rows.length;
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[][] t = new float[dim][n];
        for (int i = 0; i < n; i++) {
            float[] r = rows[i];
            for (int d = 0; d < dim; d++) {
                t[d][i] = r[d];
            }
        }
        return t;
    }

    /** {@code out[j] = sum_d x[d] * t[d][j]}, for every column j of the transposed matrix. */
    static void dotAll(float[] x, float[][] t, float[] out) {
        java.util.Arrays.fill(out, 0f);
        int cols = out.length;
        for (int d = 0; d < x.length; d++) {
            float xd = x[d];
            if (xd == 0f) {
                continue;
            }
            float[] row = t[d];
            for (int j = 0; j < cols; j++) {
                out[j] += xd * row[j];
            }
        }
    }

    /** Index of the largest {@code scores[j] + bias[j]}; the lowest index wins ties. */
    static int argMax(float[] scores, float[] bias) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < scores.length; j++) {
            float s = scores[j] + bias[j];
            if (s > bestScore) {
                bestScore = s;
                best = j;
            }
        }
        return best;
    }
}
