package dev.feedloop.demo;

import java.time.LocalDate;

/**
 * The size and seed of a simulated world. The same spec always gives the same files, byte for byte.
 *
 * <p>Example: {@code Simulator.run(WorldSpec.defaults().withDays(21).withPerDay(400), dir)}.
 *
 * @param seed      seeds every random choice
 * @param start     first day (UTC); the default is a Monday
 * @param days      length of the world; the story of patterns and fixes is scaled to it
 * @param perDay    mean responses per day; weekdays get a little more, weekends less
 * @param project   the {@code project} field of every response
 * @param noiseRate share of correct answers that still get a negative signal
 */
public record WorldSpec(long seed, LocalDate start, int days, int perDay, String project, double noiseRate) {
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 10, 5);
    public static final int DEFAULT_DAYS = 42;
    public static final int DEFAULT_PER_DAY = 1500;
    public static final long DEFAULT_SEED = 42;
    public static final String DEFAULT_PROJECT = "wayfarer-assistant";
    /** Background negatives: 4 %, inside the 3-5 % that a healthy help assistant sees in our brief. */
    public static final double DEFAULT_NOISE_RATE = 0.04;
    public static final int MAX_PER_DAY = 1_000_000;
    public static final int MAX_DAYS = 3660;

    /**
     * @throws IllegalArgumentException when days is below {@value Story#MIN_DAYS} or above {@value #MAX_DAYS},
     *                                  perDay outside 1..{@value #MAX_PER_DAY}, noiseRate outside [0, 0.5]
     *                                  or project blank
     */
    public WorldSpec {
        if (start == null) {
            throw new IllegalArgumentException("start must not be null");
        }
        if (days < Story.MIN_DAYS || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between " + Story.MIN_DAYS + " and " + MAX_DAYS + ": " + days);
        }
        if (perDay < 1 || perDay > MAX_PER_DAY) {
            throw new IllegalArgumentException("perDay must be between 1 and " + MAX_PER_DAY + ": " + perDay);
        }
        if (!(noiseRate >= 0 && noiseRate <= 0.5)) {
            throw new IllegalArgumentException("noiseRate must be in [0, 0.5]: " + noiseRate);
        }
        SimResponse.requireText(project, "project");
    }

    /** Six weeks from Monday 2026-10-05, 1,500 responses a day, seed 42. */
    public static WorldSpec defaults() {
        return new WorldSpec(DEFAULT_SEED, DEFAULT_START, DEFAULT_DAYS, DEFAULT_PER_DAY, DEFAULT_PROJECT, DEFAULT_NOISE_RATE);
    }

    public WorldSpec withSeed(long newSeed) {
        return new WorldSpec(newSeed, start, days, perDay, project, noiseRate);
    }

    public WorldSpec withStart(LocalDate newStart) {
        return new WorldSpec(seed, newStart, days, perDay, project, noiseRate);
    }

    public WorldSpec withDays(int newDays) {
        return new WorldSpec(seed, start, newDays, perDay, project, noiseRate);
    }

    public WorldSpec withPerDay(int newPerDay) {
        return new WorldSpec(seed, start, days, newPerDay, project, noiseRate);
    }

    public WorldSpec withProject(String newProject) {
        return new WorldSpec(seed, start, days, perDay, newProject, noiseRate);
    }

    public WorldSpec withNoiseRate(double newNoiseRate) {
        return new WorldSpec(seed, start, days, perDay, project, newNoiseRate);
    }
}
