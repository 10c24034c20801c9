package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.Feedloop;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.postgres.TestPostgres;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.embed.Embedder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers (each its own Feedloop, pool and HTTP port) on one PostgreSQL database, as behind a
 * load balancer: both ingest at once, a record sent to both is stored once, and triage asked of both
 * at once numbers its patterns once.
 */
class TwoServersOnePostgresTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "two-servers-admin-key";
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(7));
    static final int PER_SERVER = 1_000;
    static final int SENT_TO_BOTH = 100;
    static final int BATCH = 50;
    /** What users ask: the first three topics fail (thumbs down), the others are served well. */
    static final List<String> TOPICS = List.of("refund for a cancelled flight", "change the name on a booking",
            "bring a second suitcase", "seat map for my flight", "hotel breakfast hours", "airport train tickets");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Feedloop feedloopA;
    private Feedloop feedloopB;
    private ApiServer serverA;
    private ApiServer serverB;

    @BeforeEach
    void startTwoServers() {
        String url = TestPostgres.freshUrl();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        feedloopA = Feedloop.open(url, clock, SqliteStore.Durability.NORMAL, ADMIN).withEmbedder(new WordsEmbedder());
        feedloopB = Feedloop.open(url, clock, SqliteStore.Durability.NORMAL, ADMIN).withEmbedder(new WordsEmbedder());
        serverA = feedloopA.apiServer(1 << 22).start("127.0.0.1", 0);
        serverB = feedloopB.apiServer(1 << 22).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
        feedloopA.close();
        feedloopB.close();
    }

    @Test
    void bothIngestConcurrently_eachRecordStoredOnce_andSentToBothIsADuplicateOnOne() throws Exception {
        List<String> toA = ids("a", PER_SERVER);
        List<String> toB = ids("b", PER_SERVER);
        // each server also gets the first 100 of the other's records, at the same moment the other does
        List<String> alsoToA = toB.subList(0, SENT_TO_BOTH);
        List<String> alsoToB = toA.subList(0, SENT_TO_BOTH);

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<int[]>> sends;
        try {
            sends = clients.invokeAll(List.of(
                    post(serverA, "/v1/responses", responses(toA)),
                    post(serverA, "/v1/responses", responses(alsoToA)),
                    post(serverB, "/v1/responses", responses(toB)),
                    post(serverB, "/v1/responses", responses(alsoToB))), 120, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
        int stored = 0;
        int duplicates = 0;
        for (Future<int[]> send : sends) {
            stored += send.get()[0];
            duplicates += send.get()[1];
        }

        assertThat(stored).isEqualTo(2 * PER_SERVER);
        assertThat(duplicates).isEqualTo(2 * SENT_TO_BOTH);
        assertThat(feedloopA.store().countResponses("default", FROM, NOW, null)).isEqualTo(2 * PER_SERVER);
        for (String id : List.of(toA.get(0), toA.get(PER_SERVER - 1), toB.get(0), toB.get(PER_SERVER - 1))) {
            assertThat(feedloopB.store().response("default", id)).as(id).isPresent();
        }
    }

    @Test
    void triageOnBothAtOnce_numbersEachPatternOnce() throws Exception {
        List<String> toA = ids("a", PER_SERVER);
        List<String> toB = ids("b", PER_SERVER);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (Future<int[]> f : clients.invokeAll(List.of(
                    post(serverA, "/v1/responses", responses(toA)), post(serverB, "/v1/responses", responses(toB)),
                    post(serverA, "/v1/feedback", thumbsDown(toA)), post(serverB, "/v1/feedback", thumbsDown(toB))))) {
                f.get();
            }
            String window = "{\"from\":\"" + FROM + "\",\"to\":\"" + NOW + "\"}";
            Future<JsonNode> onA = clients.submit(() -> triage(serverA, window));
            Future<JsonNode> onB = clients.submit(() -> triage(serverB, window));
            JsonNode a = onA.get(120, TimeUnit.SECONDS);
            JsonNode b = onB.get(120, TimeUnit.SECONDS);

            List<String> newOnA = newIds(a);
            List<String> newOnB = newIds(b);
            assertThat(newOnA.size() + newOnB.size()).as("patterns found").isGreaterThanOrEqualTo(2);
            assertThat(newOnA.isEmpty() || newOnB.isEmpty())
                    .as("the run that waited for the other's lock finds its patterns, A %s, B %s", newOnA, newOnB)
                    .isTrue();
            Set<String> stored = new HashSet<>();
            for (PatternRecord p : feedloopA.store().patterns("default")) {
                stored.add(p.patternId());
            }
            List<String> created = new ArrayList<>(newOnA);
            created.addAll(newOnB);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(created);
            assertThat(ids(a)).isSubsetOf(stored);
            assertThat(ids(b)).isSubsetOf(stored);
        } finally {
            clients.shutdownNow();
        }
    }

    static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    static int topic(String id) {
        return Math.floorMod(id.hashCode(), TOPICS.size());
    }

    static List<String> responses(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String ts = FROM.plus(Duration.ofMinutes(5L * i + (id.startsWith("a") ? 0 : 2))).toString();
            out.add("{\"request_id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"prompt_version\":\"v1\","
                    + "\"user_input\":\"how do I " + TOPICS.get(topic(id)) + "\",\"llm_output\":\"Here is how.\"}");
        }
        return out;
    }

    static List<String> thumbsDown(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (topic(id) < 3) {
                out.add("{\"request_id\":\"" + id + "\",\"event_id\":\"e-" + id + "\",\"thumbs\":\"down\"}");
            }
        }
        return out;
    }

    /** Posts the records in batches; answers the stored and duplicate counts. */
    Callable<int[]> post(ApiServer server, String route, List<String> records) {
        return () -> {
            int[] counts = new int[2];
            for (int i = 0; i < records.size(); i += BATCH) {
                String body = "[" + String.join(",", records.subList(i, Math.min(records.size(), i + BATCH))) + "]";
                HttpResponse<String> r = http.send(request(server, route).POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                JsonNode answer = JSON.readTree(r.body());
                counts[0] += answer.get("stored").asInt();
                counts[1] += answer.get("duplicates").asInt();
            }
            return counts;
        };
    }

    JsonNode triage(ApiServer server, String window) throws Exception {
        HttpResponse<String> r = http.send(request(server, "/v1/triage")
                .POST(HttpRequest.BodyPublishers.ofString(window)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static HttpRequest.Builder request(ApiServer server, String route) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json");
    }

    static List<String> newIds(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("patterns").forEach(p -> {
            if (p.get("new").asBoolean()) {
                out.add(p.get("id").asText());
            }
        });
        return out;
    }

    static List<String> ids(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("patterns").forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    /** A small deterministic model: a text's words hashed into 64 dimensions (same words, same vector). */
    static final class WordsEmbedder implements Embedder {
        @Override
        public String modelId() {
            return "words-64";
        }

        @Override
        public int dimension() {
            return 64;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] v = new float[64];
                for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                    if (!word.isEmpty()) {
                        v[Math.floorMod(word.hashCode(), 64)] += 1;
                    }
                }
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] /= (float) Math.sqrt(Math.max(norm, 1e-12));
                }
                out.add(v);
            }
            return out;
        }
    }
}
