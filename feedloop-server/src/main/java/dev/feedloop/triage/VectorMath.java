package dev.feedloop.triage;

import java.util.List;

/** Dot products and means of unit vectors; with unit vectors the dot product is the cosine. */
final class VectorMath {
    private VectorMath() {
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The normalised mean direction of the given vectors. */
    static float[] centroid(List<float[]> vectors) {
        float[] c = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        }
        return normalise(c);
    }

    /** Weighted mean of two directions, normalised: how a pattern's centroid absorbs new members. */
    static float[] blend(float[] a, double weightA, float[] b, double weightB) {
        float[] c = new float[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (a[i] * weightA + b[i] * weightB);
        }
        return normalise(c);
    }

    static float[] normalise(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm == 0) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }
}
