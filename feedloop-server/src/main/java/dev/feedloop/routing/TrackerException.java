package dev.feedloop.routing;

import java.time.Duration;

/**
 * A tracker call that failed. {@code retryable} failures (timeouts, 5xx, 429) are tried again later,
 * after {@code retryAfter} when the tracker said so; the others (401, 403, 404, a bad request) are
 * recorded and not retried, since trying again would not help.
 */
public final class TrackerException extends RuntimeException {
    private final boolean retryable;
    private final Duration retryAfter;

    public TrackerException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the tracker asked us to wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
