package dev.feedloop.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

  private final HttpTransport transport = new HttpTransport(new Settings(URI.create("http://localhost:1"), "k",
      100, Duration.ofSeconds(1), 10, Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
      Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(1),
      Clock.fixed(NOW, ZoneOffset.UTC), new SplittableRandom(1), Thread::new), new JsonCodec());

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void resolve_keepsBasePathAndDropsTrailingSlash() {
    assertThat(HttpTransport.resolve(URI.create("https://h.example/feedloop/"), "/v1/feedback"))
        .isEqualTo(URI.create("https://h.example/feedloop/v1/feedback"));
    assertThat(HttpTransport.resolve(URI.create("http://h:8080"), "/v1/responses"))
        .isEqualTo(URI.create("http://h:8080/v1/responses"));
  }

  @Test
  void classify_serverErrorsAndThrottling_areRetriable() {
    for (int status : new int[] {500, 502, 503, 504, 429, 408}) {
      assertThatThrownBy(() -> transport.classify(status, utf8("{}"), Optional.empty()))
          .isInstanceOf(RetriableException.class).hasMessageContaining(Integer.toString(status));
    }
  }

  @Test
  void classify_clientErrors_areFatalWithTheServersMessage() {
    for (int status : new int[] {400, 401, 403, 404, 413, 415}) {
      assertThatThrownBy(() -> transport.classify(status, utf8("{\"message\":\"why\"}"), Optional.empty()))
          .isInstanceOfSatisfying(FatalException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isEqualTo("why");
          });
    }
  }

  @Test
  void classify_acceptedWithUnreadableBody_countsAsAcceptedWithoutRejections() {
    assertThat(transport.classify(202, utf8(""), Optional.empty()).rejected()).isEmpty();
  }

  @Test
  void classify_429_carriesRetryAfter() {
    assertThatThrownBy(() -> transport.classify(429, utf8(""), Optional.of("7")))
        .isInstanceOfSatisfying(RetriableException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void parseRetryAfter_secondsOrHttpDate() {
    assertThat(transport.parseRetryAfter("12")).isEqualTo(Duration.ofSeconds(12));
    assertThat(transport.parseRetryAfter("Fri, 01 May 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
    assertThat(transport.parseRetryAfter("Fri, 01 May 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(transport.parseRetryAfter("soon")).isNull();
    assertThat(transport.parseRetryAfter("-5")).isNull();
  }
}
