package dev.feedloop.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.Feedloop;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** A real server on a free loopback port over a real SQLite file (or PostgreSQL: {@link dev.feedloop.TestDatabases}), and a client for it. */
final class ServerFixture implements AutoCloseable {
    /** The server's clock: fixed, so "the future" and default timestamps are predictable. */
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final String ENV_KEY = "env-admin-key-for-tests";
    static final ObjectMapper JSON = new ObjectMapper();

    final Feedloop feedloop;
    final ApiServer server;
    final String adminKey;
    final String ingestKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    private ServerFixture(Feedloop feedloop, ApiServer server) {
        this.feedloop = feedloop;
        this.server = server;
        this.base = URI.create("http://127.0.0.1:" + server.port());
        this.adminKey = feedloop.keys().create("default", Scope.ADMIN);
        this.ingestKey = feedloop.keys().create("default", Scope.INGEST);
    }

    static ServerFixture start(Path dir, long maxBodyBytes) {
        Feedloop feedloop = Feedloop.open(dev.feedloop.TestDatabases.fresh(dir, "feedloop.db"), Clock.fixed(NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, ENV_KEY);
        ApiServer server = feedloop.apiServer(maxBodyBytes);
        try {
            server.start("127.0.0.1", 0);
        } catch (RuntimeException e) {
            feedloop.close();
            throw e;
        }
        return new ServerFixture(feedloop, server);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String key, String body) {
        return send(request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> post(String path, String body) {
        return post(path, adminKey, body);
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = request(path).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    /** GET /v1/responses/{id} with the admin key, parsed; fails unless 200. */
    JsonNode response(String requestId) {
        HttpResponse<String> r = get("/v1/responses/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8)
                .replace("+", "%20"), adminKey);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + requestId + " answered " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** A valid response record as JSON text. */
    static String responseJson(String requestId) {
        return "{\"request_id\":\"" + requestId + "\",\"prompt_version\":\"v1\",\"user_input\":\"how do I reset my "
                + "password\",\"llm_output\":\"Open settings and click reset.\"}";
    }

    @Override
    public void close() {
        server.close();
        feedloop.close();
    }
}
