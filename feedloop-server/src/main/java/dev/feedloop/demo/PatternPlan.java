package dev.feedloop.demo;

/**
 * The ground truth of one planted failure pattern, in day indexes of the world.
 *
 * @param cause {@code prompt}, {@code retrieval} or {@code model_limitation}
 * @param fix   the fix shipped for it, or {@code null} when none is
 */
record PatternPlan(String id, String name, String cause, String description, int startDay, Fix fix) {

    PatternPlan {
        if (!cause.equals("prompt") && !cause.equals("retrieval") && !cause.equals("model_limitation")) {
            throw new IllegalArgumentException("unknown cause: " + cause);
        }
    }

    /**
     * @param promptVersion the version that carries the fix, or {@code null} for a knowledge-base fix
     * @param canary        whether it first ran on part of the traffic beside the old version
     */
    record Fix(int day, String promptVersion, boolean canary, boolean effective, String note) {
    }
}
