package dev.feedloop.demo;

import java.util.SplittableRandom;

/**
 * The product's users: a fixed pool in which a minority asks most of the questions, each with a
 * pseudonymous id and a sticky canary bucket (a user keeps one prompt version during a canary,
 * as feature-flag rollouts usually do).
 */
final class Users {
    private final int pool;
    private final long idSalt;
    private final long bucketSalt;

    Users(long seed, int pool) {
        if (pool < 1) {
            throw new IllegalArgumentException("user pool must be positive: " + pool);
        }
        this.pool = pool;
        this.idSalt = Ids.mix(seed ^ 0xA11CE_0001L);
        this.bucketSalt = Ids.mix(seed ^ 0xA11CE_0002L);
    }

    /** A user index; squaring a uniform draw makes low indexes (heavy users) more likely. */
    int draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        return (int) (pool * u * u);
    }

    String id(int user) {
        return "u-" + Ids.hex(Ids.mix(idSalt + user));
    }

    /** Uniform in [0, 1), fixed per user. */
    double bucket(int user) {
        return (Ids.mix(bucketSalt + user) >>> 11) * 0x1.0p-53;
    }
}
