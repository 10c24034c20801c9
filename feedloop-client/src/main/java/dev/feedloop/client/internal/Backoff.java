package dev.feedloop.client.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "full jitter": the n-th retry waits a uniform random time in
 * {@code [0, min(max, initial * 2^(n-1))]}. Source: Marc Brooker, "Exponential Backoff And
 * Jitter", AWS Architecture Blog, 2015, which shows full jitter spreads a crowd of clients best.
 *
 * <p>Not thread-safe: only the sender thread uses it.
 */
final class Backoff {

  /** A Retry-After beyond this is treated as a misconfiguration and clamped. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /**
   * How long to wait before retry number {@code attempt} (1-based). A server's Retry-After is a
   * floor: we never come back sooner than asked.
   */
  Duration delay(int attempt, Duration retryAfter) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
    }
    long ceiling = ceilingNanos(attempt);
    long jittered = ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
    if (retryAfter != null && !retryAfter.isNegative()) {
      long floor = Math.min(retryAfter.toNanos(), MAX_RETRY_AFTER.toNanos());
      return Duration.ofNanos(Math.max(floor, jittered));
    }
    return Duration.ofNanos(jittered);
  }

  /** {@code min(max, initial * 2^(attempt-1))} without overflow. */
  long ceilingNanos(int attempt) {
    int shift = attempt - 1;
    if (shift >= 62 || initialNanos > (maxNanos >> shift)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << shift);
  }
}
