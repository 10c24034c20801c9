package dev.feedloop.client;

import java.net.URI;
import java.time.Duration;
import java.util.SplittableRandom;

/** Client settings and events for tests: short timers so failure paths run in milliseconds. */
final class TestClients {

  static final String API_KEY = "fl_test_key_9f8e7d";

  private TestClients() {}

  static FeedloopClient.Builder fast(URI endpoint) {
    return FeedloopClient.builder()
        .endpoint(endpoint)
        .apiKey(API_KEY)
        .flushInterval(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(40))
        .connectTimeout(Duration.ofMillis(500))
        .requestTimeout(Duration.ofSeconds(2))
        .closeTimeout(Duration.ofSeconds(2))
        .random(new SplittableRandom(42));
  }

  static Response response(int i) {
    return Response.of("req-" + i, "v1", "question " + i, "answer " + i);
  }

  static Feedback feedback(int i) {
    return Feedback.of("req-" + i, ImplicitSignal.REGENERATED);
  }
}
