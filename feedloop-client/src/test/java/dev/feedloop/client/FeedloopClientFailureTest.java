package dev.feedloop.client;

import static dev.feedloop.client.TestClients.fast;
import static dev.feedloop.client.TestClients.feedback;
import static dev.feedloop.client.TestClients.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.client.FakeServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the client rides out a server that is down, failing, slow or refusing. */
class FeedloopClientFailureTest {

  private FakeServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void serverDownThenUp_losesNothingUpToQueueBound_andDropsTheRest() throws Exception {
    server = FakeServer.down();
    try (FeedloopClient client = fast(server.uri()).batchSize(10).queueCapacity(50).build()) {
      List<Boolean> accepted = IntStream.range(0, 51).mapToObj(i -> client.send(response(i))).toList();
      awaitRetries(client, 3);
      Stats whileDown = client.stats();
      server.up();
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

      assertThat(accepted.subList(0, 50)).containsOnly(true);
      assertThat(accepted.get(50)).isFalse();
      assertThat(whileDown.retries()).isGreaterThanOrEqualTo(3);
      assertThat(whileDown.queued()).isEqualTo(50);
      List<String> delivered = server.accepted().stream().flatMap(r -> r.ids("request_id").stream()).toList();
      assertThat(delivered).hasSize(50).doesNotHaveDuplicates()
          .containsAll(IntStream.range(0, 50).mapToObj(i -> "req-" + i).toList());
      assertThat(client.stats()).extracting(Stats::sent, Stats::dropped, Stats::queued).containsExactly(50L, 1L, 0L);
    }
  }

  @Test
  void send_queueFull_dropsCountsAndReturnsWithoutWaitingForTheServer() throws Exception {
    server = FakeServer.started();
    server.script(Reply.slowAck(6_000)); // the sender is stuck on this request throughout
    try (FeedloopClient client = fast(server.uri()).queueCapacity(5).batchSize(5)
        .requestTimeout(Duration.ofSeconds(10)).closeTimeout(Duration.ofMillis(50)).build()) {
      IntStream.range(0, 5).forEach(i -> client.send(feedback(i)));
      assertThat(server.awaitRequests(1, Duration.ofSeconds(3))).isTrue();
      long start = System.nanoTime();
      long accepted = IntStream.range(5, 10_005).filter(i -> client.send(feedback(i))).count();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(accepted).isZero();
      assertThat(client.stats()).extracting(Stats::dropped, Stats::queued).containsExactly(10_000L, 5L);
      // Had any send waited for room, it would have waited for the 6 s request to finish.
      assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void server500Twice_thenAccepts_deliversEachEventIdOnceWithTheSameIds() throws Exception {
    server = FakeServer.started();
    server.script(Reply.status(500), Reply.status(503));
    try (FeedloopClient client = fast(server.uri()).build()) {
      IntStream.range(0, 5).forEach(i -> client.send(feedback(i)));
      client.flush();

      assertThat(server.requests()).extracting(FakeServer.Recorded::status).containsExactly(500, 503, 202);
      List<String> firstIds = server.requests().get(0).ids("event_id");
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.ids("event_id")).isEqualTo(firstIds));
      assertThat(server.accepted()).hasSize(1);
      assertThat(firstIds).hasSize(5).doesNotHaveDuplicates();
      assertThat(client.stats()).isEqualTo(new Stats(5, 0, 0, 2, 0));
    }
  }

  @Test
  void requestTimeout_isRetriedWithTheSameEventIds() throws Exception {
    server = FakeServer.started();
    server.script(Reply.slowAck(1_000));
    try (FeedloopClient client = fast(server.uri()).requestTimeout(Duration.ofMillis(150)).build()) {
      client.send(feedback(1));
      assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(server.requests()).hasSize(2);
      assertThat(server.requests().get(1).ids("event_id")).isEqualTo(server.requests().get(0).ids("event_id"));
      assertThat(client.stats()).extracting(Stats::sent, Stats::retries).containsExactly(1L, 1L);
    }
  }

  @Test
  void badRequest400_isNotRetried_countsRejected_andLaterBatchesStillGo() throws Exception {
    server = FakeServer.started();
    server.script(Reply.status(400, "{\"error\":\"invalid\",\"field\":\"llm_output\",\"message\":\"llm_output is required\"}"));
    try (FeedloopClient client = fast(server.uri()).build()) {
      IntStream.range(0, 3).forEach(i -> client.send(response(i)));
      client.flush();
      assertThat(server.requests()).hasSize(1);
      assertThat(client.stats()).isEqualTo(new Stats(0, 0, 3, 0, 0));

      IntStream.range(3, 5).forEach(i -> client.send(response(i)));
      client.flush();
      assertThat(server.requests()).hasSize(2);
      assertThat(client.stats()).isEqualTo(new Stats(2, 0, 3, 0, 0));
    }
  }

  @Test
  void ackWithRejectedItems_countsThemRejectedAndDoesNotResend() throws Exception {
    server = FakeServer.started();
    server.script(Reply.ackRejecting(1));
    try (FeedloopClient client = fast(server.uri()).build()) {
      IntStream.range(0, 3).forEach(i -> client.send(feedback(i)));
      client.flush();

      assertThat(server.requests()).hasSize(1);
      assertThat(client.stats()).isEqualTo(new Stats(2, 0, 1, 0, 0));
    }
  }

  @Test
  void tooManyRequests429_waitsAtLeastRetryAfterBeforeResending() throws Exception {
    server = FakeServer.started();
    server.script(Reply.tooManyRequests(1));
    try (FeedloopClient client = fast(server.uri()).build()) {
      long start = System.nanoTime();
      client.send(response(1));
      assertThat(client.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(server.requests()).extracting(FakeServer.Recorded::status).containsExactly(429, 202);
      // Backoff alone is capped at 40 ms in these tests; only Retry-After explains a 1 s wait.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
      assertThat(client.stats().retries()).isEqualTo(1);
    }
  }

  @Test
  void maxRetriesExhausted_dropsTheBatch() throws Exception {
    server = FakeServer.started();
    server.script(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503));
    try (FeedloopClient client = fast(server.uri()).maxRetries(2).build()) {
      IntStream.range(0, 4).forEach(i -> client.send(response(i)));
      client.flush();

      assertThat(server.requests()).hasSize(3);
      assertThat(client.stats()).isEqualTo(new Stats(0, 4, 0, 2, 0));
    }
  }

  private static void awaitRetries(FeedloopClient client, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (client.stats().retries() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void unauthorized401_warnsOnceWithServerMessage_neverLogsKeyOrUserText() throws Exception {
    server = FakeServer.started();
    server.script(Reply.status(401, "{\"error\":\"unauthorized\",\"message\":\"unknown api key\"}"),
        Reply.status(401, "{\"error\":\"unauthorized\",\"message\":\"unknown api key\"}"));
    Logger jul = Logger.getLogger("dev.feedloop.client");
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        synchronized (records) {
          records.add(r);
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    jul.addHandler(capture);
    try (FeedloopClient client = fast(server.uri()).build()) {
      client.send(Response.of("req-1", "v1", "my card is SECRET-USER-TEXT", "ok"));
      client.flush();
      client.send(Response.of("req-2", "v1", "again SECRET-USER-TEXT", "ok"));
      client.flush();

      assertThat(server.requests()).hasSize(2);
      assertThat(client.stats().rejected()).isEqualTo(2);
    } finally {
      jul.removeHandler(capture);
    }
    List<String> warnings = records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogRecord::getMessage).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("401").contains("unknown api key");
    assertThat(records).allSatisfy(r -> assertThat(r.getMessage())
        .doesNotContain(TestClients.API_KEY).doesNotContain("SECRET-USER-TEXT"));
  }
}
