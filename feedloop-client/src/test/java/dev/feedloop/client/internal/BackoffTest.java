package dev.feedloop.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new SplittableRandom(7));

  @Test
  void ceiling_doublesEachAttemptUntilTheCap() {
    assertThat(backoff.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(backoff.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(backoff.ceilingNanos(9)).isEqualTo(Duration.ofMillis(25_600).toNanos());
    assertThat(backoff.ceilingNanos(10)).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(backoff.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void delay_isFullJitterWithinZeroAndTheCeiling_andSpreadsOut() {
    long ceiling = backoff.ceilingNanos(4);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2_000; i++) {
      long d = backoff.delay(4, null).toNanos();
      assertThat(d).isBetween(0L, ceiling);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    // Uniform over [0, ceiling]: 2,000 draws reach both tenths with overwhelming probability.
    assertThat(min).isLessThan(ceiling / 10);
    assertThat(max).isGreaterThan(ceiling * 9 / 10);
  }

  @Test
  void delay_retryAfter_isAFloor() {
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.delay(1, Duration.ofSeconds(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void delay_absurdRetryAfter_isClamped() {
    assertThat(backoff.delay(1, Duration.ofDays(3))).isEqualTo(Backoff.MAX_RETRY_AFTER);
  }

  @Test
  void sameSeed_sameDelays() {
    Backoff a = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new SplittableRandom(1));
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new SplittableRandom(1));
    for (int attempt = 1; attempt < 20; attempt++) {
      assertThat(a.delay(attempt, null)).isEqualTo(b.delay(attempt, null));
    }
  }
}
