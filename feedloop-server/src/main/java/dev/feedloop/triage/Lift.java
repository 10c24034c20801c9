package dev.feedloop.triage;

import dev.feedloop.triage.embed.Vectors;
import java.util.Arrays;
import java.util.List;

/**
 * How much more often a pattern's neighbourhood fails than traffic as a whole. The neighbourhood
 * is the region around the pattern's centroid that holds most of its members (similarity at or
 * above the members' 20th percentile). Lift is the share of all negatives that fall in it divided
 * by the share of a uniform sample of all responses that falls in it, which equals the
 * neighbourhood's negative rate over the overall negative rate. A merely popular topic has many
 * negatives and many responses, so its lift stays near 1; a real failure pattern's is well above.
 */
final class Lift {
    /** The members' similarity percentile that bounds the neighbourhood. */
    static final double RADIUS_PERCENTILE = 0.2;

    private final float[][] negatives;
    private final float[][] sample;

    Lift(float[][] negatives, float[][] sample) {
        this.negatives = negatives;
        this.sample = sample;
    }

    double of(float[] centroid, List<Integer> members, float[][] memberVectors) {
        if (sample.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
        double radius = radius(centroid, members, memberVectors);
        return ratio(near(negatives, centroid, radius), negatives.length, near(sample, centroid, radius),
                sample.length);
    }

    /** The similarity to the centroid that bounds the members' neighbourhood ({@link #RADIUS_PERCENTILE}). */
    static double radius(float[] centroid, List<Integer> members, float[][] memberVectors) {
        double[] sims = new double[members.size()];
        for (int i = 0; i < sims.length; i++) {
            sims[i] = Vectors.dot(memberVectors[members.get(i)], centroid);
        }
        Arrays.sort(sims);
        return sims[(int) Math.floor(RADIUS_PERCENTILE * (sims.length - 1))];
    }

    /** How many of the vectors lie in the neighbourhood. */
    static int near(float[][] vectors, float[] centroid, double radius) {
        int n = 0;
        for (float[] v : vectors) {
            n += Vectors.dot(v, centroid) >= radius ? 1 : 0;
        }
        return n;
    }

    /**
     * A share of the failing over the share of the sample; +0.5: a neighbourhood the sample missed
     * has a small, not an infinite, share (Jeffreys-style).
     */
    static double ratio(int failingNear, int failing, int sampleNear, int sampleSize) {
        return ((double) failingNear / failing) / ((sampleNear + 0.5) / (sampleSize + 0.5));
    }
}
