package dev.feedloop.triage.cluster;

import java.util.SplittableRandom;

/** Synthetic Gaussian blobs around random unit directions, with known labels. */
final class Blobs {
    final float[][] x;
    final int[] labels;

    Blobs(int blobs, int perBlob, int dim, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centers = new float[blobs][dim];
        for (float[] c : centers) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) gaussian(r);
            }
        }
        x = new float[blobs * perBlob][dim];
        labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int b = i % blobs;
            labels[i] = b;
            double norm = Math.sqrt(dim);
            for (int d = 0; d < dim; d++) {
                x[i][d] = (float) (centers[b][d] / norm + noise * gaussian(r) / Math.sqrt(dim));
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
