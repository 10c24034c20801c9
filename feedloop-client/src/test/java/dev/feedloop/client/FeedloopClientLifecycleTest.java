package dev.feedloop.client;

import static dev.feedloop.client.TestClients.fast;
import static dev.feedloop.client.TestClients.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** flush() and close(): what they wait for, how long, and what is left afterwards. */
class FeedloopClientLifecycleTest {

  private FakeServer server;

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void close_deliversQueuedEventsBeforeReturning() throws Exception {
    server = FakeServer.started();
    FeedloopClient client = fast(server.uri()).flushInterval(Duration.ofSeconds(30)).build();
    IntStream.range(0, 5).forEach(i -> client.send(response(i)));
    client.close();

    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).items()).hasSize(5);
    assertThat(client.stats()).isEqualTo(new Stats(5, 0, 0, 0, 0));
  }

  @Test
  void close_calledTwice_isHarmless() throws Exception {
    server = FakeServer.started();
    FeedloopClient client = fast(server.uri()).build();
    client.send(response(1));
    client.close();
    Stats afterFirst = client.stats();

    assertThatCode(client::close).doesNotThrowAnyException();
    assertThat(client.stats()).isEqualTo(afterFirst);
  }

  @Test
  void send_afterClose_returnsFalseAndCountsDropped() throws Exception {
    server = FakeServer.started();
    FeedloopClient client = fast(server.uri()).build();
    client.close();

    assertThat(client.send(response(1))).isFalse();
    assertThat(client.stats()).isEqualTo(new Stats(0, 1, 0, 0, 0));
    assertThat(client.flush(Duration.ofMillis(100))).isTrue();
  }

  @Test
  void close_serverDown_returnsWithinCloseTimeoutAndCountsQueuedAsDropped() throws Exception {
    server = FakeServer.down();
    FeedloopClient client = fast(server.uri()).closeTimeout(Duration.ofMillis(300)).build();
    IntStream.range(0, 5).forEach(i -> client.send(response(i)));
    long start = System.nanoTime();
    client.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(client.stats()).extracting(Stats::sent, Stats::dropped, Stats::queued).containsExactly(0L, 5L, 0L);
  }

  @Test
  void close_requestHanging_interruptsItAndReturnsPromptly() throws Exception {
    server = FakeServer.started();
    server.script(FakeServer.Reply.slowAck(6_000));
    FeedloopClient client = fast(server.uri())
        .requestTimeout(Duration.ofSeconds(10)).closeTimeout(Duration.ofMillis(200)).build();
    client.send(response(1));
    assertThat(server.awaitRequests(1, Duration.ofSeconds(2))).isTrue();
    long start = System.nanoTime();
    client.close();

    // closeTimeout 200 ms + 200 ms grace, far below the 6 s the server would take.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(client.stats()).extracting(Stats::sent, Stats::dropped, Stats::queued).containsExactly(0L, 1L, 0L);
  }

  @Test
  void flushWithTimeout_serverDown_returnsFalse_thenTrueOnceServerIsUp() throws Exception {
    server = FakeServer.down();
    try (FeedloopClient client = fast(server.uri()).build()) {
      client.send(response(1));
      assertThat(client.flush(Duration.ofMillis(200))).isFalse();
      assertThat(client.stats().queued()).isEqualTo(1);

      server.up();
      assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(client.stats()).extracting(Stats::sent, Stats::queued).containsExactly(1L, 0L);
    }
  }

  @Test
  void flush_nothingQueued_returnsAtOnce() throws Exception {
    server = FakeServer.started();
    try (FeedloopClient client = fast(server.uri()).flushInterval(Duration.ofSeconds(30)).build()) {
      long start = System.nanoTime();
      assertThat(client.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(server.requests()).isEmpty();
    }
  }
}
