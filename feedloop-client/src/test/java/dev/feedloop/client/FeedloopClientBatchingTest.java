package dev.feedloop.client;

import static dev.feedloop.client.TestClients.fast;
import static dev.feedloop.client.TestClients.feedback;
import static dev.feedloop.client.TestClients.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire when the server behaves: batch sizes, routes, order, JSON, headers. */
class FeedloopClientBatchingTest {

  private FakeServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = FakeServer.started();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void send_25ResponsesWithBatchSize10_postsThreeRequestsOf10_10_5() {
    try (FeedloopClient client = fast(server.uri()).batchSize(10).flushInterval(Duration.ofSeconds(10)).build()) {
      IntStream.range(0, 25).forEach(i -> client.send(response(i)));
      assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(server.requests()).extracting(r -> r.items().size()).containsExactly(10, 10, 5);
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/responses"));
      assertThat(client.stats()).isEqualTo(new Stats(25, 0, 0, 0, 0));
    }
  }

  @Test
  void send_fewEvents_areSentAfterFlushIntervalWithoutFlush() throws Exception {
    try (FeedloopClient client = fast(server.uri()).flushInterval(Duration.ofMillis(50)).build()) {
      IntStream.range(0, 3).forEach(i -> client.send(response(i)));

      assertThat(server.awaitRequests(1, Duration.ofSeconds(3))).isTrue();
      assertThat(server.requests().get(0).ids("request_id")).containsExactly("req-0", "req-1", "req-2");
    }
  }

  @Test
  void flush_mixedEvents_postsResponsesBeforeFeedbackToTheirRoutes() {
    try (FeedloopClient client = fast(server.uri()).flushInterval(Duration.ofSeconds(10)).build()) {
      client.send(feedback(1));
      client.send(response(1));
      client.send(feedback(2));
      client.send(response(2));
      client.flush();

      assertThat(server.requests()).extracting(FakeServer.Recorded::path)
          .containsExactly("/v1/responses", "/v1/feedback");
      assertThat(server.requests().get(0).ids("request_id")).containsExactly("req-1", "req-2");
      assertThat(server.requests().get(1).ids("request_id")).containsExactly("req-1", "req-2");
    }
  }

  @Test
  void send_anyEvent_carriesBearerKeyAndJsonContentType() {
    try (FeedloopClient client = fast(server.uri()).build()) {
      client.send(response(1));
      client.flush();

      FakeServer.Recorded r = server.requests().get(0);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }
  }

  @Test
  void send_fullResponse_isSnakeCaseJsonWithIsoTimestamp() {
    Response full = Response.builder("req-7", "support-v3", "how do I reset?", "click reset")
        .timestamp(Instant.parse("2026-03-01T12:30:05.250Z"))
        .project("shop").model("m-1").sessionId("s-1").userId("u-1")
        .addRetrievedDoc(new RetrievedDoc("kb-1", "passage", 0.5))
        .addRetrievedDoc(RetrievedDoc.of("kb-2"))
        .tag("locale", "de")
        .build();
    try (FeedloopClient client = fast(server.uri()).build()) {
      client.send(full);
      client.flush();
    }
    JsonNode json = server.requests().get(0).items().get(0);
    assertThat(fieldNames(json)).containsExactlyInAnyOrder("request_id", "timestamp", "project",
        "prompt_version", "model", "user_input", "llm_output", "retrieved_context", "session_id",
        "user_id", "tags");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-03-01T12:30:05.250Z");
    assertThat(json.get("prompt_version").asText()).isEqualTo("support-v3");
    assertThat(json.get("user_input").asText()).isEqualTo("how do I reset?");
    assertThat(fieldNames(json.get("retrieved_context").get(0))).containsExactlyInAnyOrder("doc_id", "text", "score");
    assertThat(fieldNames(json.get("retrieved_context").get(1))).containsExactly("doc_id");
    assertThat(json.get("retrieved_context").get(0).get("score").asDouble()).isEqualTo(0.5);
    assertThat(json.get("tags").get("locale").asText()).isEqualTo("de");
  }

  @Test
  void send_minimalEvents_omitNullFieldsAndStampTimestampFromClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    try (FeedloopClient client = fast(server.uri()).clock(clock).build()) {
      client.send(Response.of("req-1", "v1", "q", "a"));
      client.send(Feedback.builder("req-1").thumbs(Thumbs.DOWN).explicitRating(2).build());
      client.flush();
    }
    JsonNode response = server.requests().get(0).items().get(0);
    JsonNode feedback = server.requests().get(1).items().get(0);
    assertThat(fieldNames(response)).containsExactlyInAnyOrder(
        "request_id", "timestamp", "prompt_version", "user_input", "llm_output");
    assertThat(response.get("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(fieldNames(feedback)).containsExactlyInAnyOrder(
        "event_id", "request_id", "timestamp", "explicit_rating", "thumbs");
    assertThat(feedback.get("thumbs").asText()).isEqualTo("down");
    assertThat(feedback.get("explicit_rating").isInt()).isTrue();
    assertThat(feedback.get("event_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void send_fromManyThreads_deliversEveryEventExactlyOnce() throws Exception {
    int threads = 4;
    int perThread = 500;
    try (FeedloopClient client = fast(server.uri()).batchSize(100).build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Thread th = new Thread(() -> {
          awaitQuietly(go);
          for (int i = 0; i < perThread; i++) {
            client.send(feedback(base + i));
          }
        });
        th.start();
        senders.add(th);
      }
      go.countDown();
      for (Thread th : senders) {
        th.join();
      }
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(client.stats().sent()).isEqualTo(threads * perThread);
    }
    List<String> ids = server.requests().stream().flatMap(r -> r.ids("event_id").stream()).toList();
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.items().size()).isLessThanOrEqualTo(100));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
