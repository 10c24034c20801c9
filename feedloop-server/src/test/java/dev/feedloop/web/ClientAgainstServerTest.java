package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.feedloop.Feedloop;
import dev.feedloop.client.Feedback;
import dev.feedloop.client.FeedloopClient;
import dev.feedloop.client.ImplicitSignal;
import dev.feedloop.client.Response;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against the real server: delivery, a server that starts late, and one that fails first. */
class ClientAgainstServerTest {
    static final Clock CLOCK = Clock.fixed(ServerFixture.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static FeedloopClient client(String endpoint, int queue) {
        return FeedloopClient.builder().endpoint(endpoint).apiKey(ServerFixture.ENV_KEY).batchSize(50)
                .flushInterval(Duration.ofMillis(100)).queueCapacity(queue).initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(400)).clock(CLOCK).build();
    }

    private static void sendPairs(FeedloopClient client, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            client.send(Response.builder(prefix + i, "v1", "question " + i, "answer " + i).build());
            client.send(Feedback.builder(prefix + i).eventId("e-" + prefix + i)
                    .implicitSignal(ImplicitSignal.REGENERATED).build());
        }
    }

    @Test
    void client_sendsResponsesAndFeedback_allStoredOnce() {
        try (ServerFixture fixture = ServerFixture.start(dir, 1 << 20);
                FeedloopClient client = client("http://127.0.0.1:" + fixture.server.port(), 10_000)) {
            sendPairs(client, "r", 120);
            assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

            for (int i = 0; i < 120; i += 17) {
                assertThat(fixture.feedloop.store().feedback("default", "r" + i)).hasSize(1);
                assertThat(fixture.feedloop.store().response("default", "r" + i)).isPresent();
            }
            assertThat(client.stats().dropped()).isZero();
            assertThat(client.stats().rejected()).isZero();
        }
    }

    @Test
    void client_serverDownThenUp_losesNothingWithinTheQueueBound() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (FeedloopClient client = client("http://127.0.0.1:" + port, 1_000)) {
            sendPairs(client, "late", 200);
            Thread.sleep(500);
            assertThat(client.stats().sent()).isZero();
            try (Feedloop feedloop = Feedloop.open(dir.resolve("late.db").toString(), CLOCK,
                    SqliteStore.Durability.NORMAL, ServerFixture.ENV_KEY);
                    ApiServer server = new ApiServer(feedloop.ingestor(), feedloop.store(), feedloop.keys(),
                            new Metrics(), 1 << 20).start("127.0.0.1", port)) {
                assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(client.stats().dropped()).isZero();
                for (int i = 0; i < 200; i++) {
                    assertThat(feedloop.store().feedback("default", "late" + i)).as("late" + i).hasSize(1);
                }
            }
        }
    }

    @Test
    void client_serverAnswers500ThenAccepts_deliversEachEventOnce() throws Exception {
        try (ServerFixture fixture = ServerFixture.start(dir, 1 << 20)) {
            AtomicInteger failuresLeft = new AtomicInteger(3);
            HttpServer proxy = failingProxy(URI.create("http://127.0.0.1:" + fixture.server.port()), failuresLeft);
            try (FeedloopClient client = client("http://127.0.0.1:" + proxy.getAddress().getPort(), 10_000)) {
                sendPairs(client, "flaky", 60);
                assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(failuresLeft.get()).isLessThanOrEqualTo(0);
                assertThat(client.stats().retries()).isPositive();
                for (int i = 0; i < 60; i++) {
                    assertThat(fixture.feedloop.store().feedback("default", "flaky" + i)).hasSize(1);
                }
            } finally {
                proxy.stop(0);
            }
        }
    }

    /** A stand-in for a load balancer in trouble: answers 500 a few times, then forwards to the real server. */
    private static HttpServer failingProxy(URI target, AtomicInteger failuresLeft) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getPath()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : new String[] {"Authorization", "Content-Type"}) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            try {
                HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            }
            exchange.close();
        });
        proxy.start();
        return proxy;
    }
}
