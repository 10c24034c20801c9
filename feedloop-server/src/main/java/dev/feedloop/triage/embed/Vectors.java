package dev.feedloop.triage.embed;

import java.util.List;

/**
 * The vector helpers of embedding, clustering and triage. Embeddings and centroids are unit vectors,
 * so {@link #dot} of two of them is their cosine similarity.
 */
public final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} in place to unit length; a zero vector stays zero. Returns {@code v}. */
    public static float[] l2Normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /**
     * Dot product, with four accumulators so the JIT can overlap the additions (C2 does not
     * vectorise floating-point reductions because it must keep their order).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (int n = a.length - 3; i < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Squared Euclidean distance, same accumulation scheme as {@link #dot}. */
    public static float squaredDistance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (int n = a.length - 3; i < n; i += 4) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < a.length; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The normalised mean direction of the given vectors: a pattern's or a cluster's centroid.
     *
     * @throws IllegalArgumentException if there are no vectors or their lengths differ
     */
    public static float[] centroid(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the centroid of no vectors is undefined");
        }
        float[] c = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            if (v.length != c.length) {
                throw new IllegalArgumentException("vector lengths differ: " + v.length + " vs " + c.length);
            }
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        }
        return l2Normalize(c);
    }

    /**
     * Weighted mean of two directions, normalised: how a pattern's centroid absorbs new members
     * (or a merged pattern). Neither argument is changed.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static float[] blend(float[] a, double weightA, float[] b, double weightB) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        float[] c = new float[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (a[i] * weightA + b[i] * weightB);
        }
        return l2Normalize(c);
    }
}
