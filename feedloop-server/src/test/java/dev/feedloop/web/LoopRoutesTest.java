package dev.feedloop.web;

import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.Cause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.Feedloop;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.verify.VerifyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Feedloop feedloop;
    ApiServer server;
    String admin;
    String ingest;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        feedloop = Feedloop.open(dir.resolve("l.db").toString(), Clock.fixed(ServerFixture.NOW, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, "");
        feedloop.store().savePatterns(List.of(new PatternRecord("default", "P-1", "Refunds", false, "d",
                List.of("refund"), Cause.PROMPT, 0.7, null, "{}", PatternStatus.OPEN, null, false, "m", new float[] {1, 0},
                List.of(), 3, null, null)));
        admin = feedloop.keys().create("default", Scope.ADMIN);
        ingest = feedloop.keys().create("default", Scope.INGEST);
        server = new ApiServer(feedloop.ingestor(), feedloop.store(), feedloop.keys(), new Metrics(), 1 << 20)
                .extend(new LoopRoutes(feedloop.store(), () -> {
                    throw new AssertionError("triage must not run for an invalid request");
                }, feedloop.verifier(VerifyConfig.DEFAULT), feedloop.routing(), feedloop.clock())::register)
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        feedloop.close();
    }

    HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void addFix_knownPattern_isCreatedAndListedOnThePattern() throws Exception {
        var created = call("POST", "/v1/patterns/P-1/fixes", admin,
                "{\"deployed_at\":\"2026-11-10T00:00:00Z\",\"prompt_version\":\"v4\",\"note\":\"shorter\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String fixId = JSON.readTree(created.body()).get("fix_id").asText();

        JsonNode pattern = JSON.readTree(call("GET", "/v1/patterns/P-1", admin, null).body());
        assertThat(pattern.get("fixes").get(0).get("fix_id").asText()).isEqualTo(fixId);
        assertThat(pattern.get("history").toString()).contains("fix_recorded");
    }

    @Test
    void addFix_unknownPatternOrBadTime_isA4xxNamingTheField() throws Exception {
        var unknown = call("POST", "/v1/patterns/P-9/fixes", admin, "{\"deployed_at\":\"2026-11-10T00:00:00Z\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("id");
        var badTime = call("POST", "/v1/patterns/P-1/fixes", admin, "{\"deployed_at\":\"yesterday\"}");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badTime.body()).get("field").asText()).isEqualTo("deployed_at");
    }

    @Test
    void verify_emptyPost_answersAListOfVerdicts() throws Exception {
        call("POST", "/v1/patterns/P-1/fixes", admin, "{\"deployed_at\":\"2026-11-10T00:00:00Z\"}");
        var verdicts = call("POST", "/v1/verify", admin, null);
        assertThat(verdicts.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(verdicts.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).get("verdict").asText()).isEqualTo("inconclusive");
    }

    @Test
    void loopRoutes_needAnAdminKey() throws Exception {
        assertThat(call("GET", "/v1/patterns", ingest, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/patterns", "nope", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/patterns", admin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void triage_reversedWindow_isRefusedBeforeAnyWork() throws Exception {
        var r = call("POST", "/v1/triage", admin, "{\"from\":\"2026-11-10T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("to");
    }

    @Test
    void triage_windowWithoutNegatives_answers200WithNoPatterns() throws Exception {
        try (ApiServer real = feedloop.apiServer(1 << 20).start("127.0.0.1", 0)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + real.port()
                    + "/v1/triage")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"from\":\"2026-12-01T00:00:00Z\",\"to\":\"2026-12-08T00:00:00Z\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("negatives").asInt()).isZero();
            assertThat(body.get("patterns").size()).isZero();
        }
    }

    @Test
    void addFix_mergedPattern_is409NamingTheSurvivor() throws Exception {
        feedloop.store().savePatterns(List.of(new PatternRecord("default", "P-2", "More refunds", false, "d",
                List.of("refund"), Cause.PROMPT, 0.7, null, "{}", PatternStatus.MERGED, "P-1", false, "m", new float[] {1, 0},
                List.of(), 3, null, null)));

        var r = call("POST", "/v1/patterns/P-2/fixes", admin, "{\"deployed_at\":\"2026-11-10T00:00:00Z\"}");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("record the fix on P-1");
    }

    @Test
    void addFix_plainDate_isReadAsUtcMidnight_likeOnTheCommandLine() throws Exception {
        var created = call("POST", "/v1/patterns/P-1/fixes", admin, "{\"deployed_at\":\"2026-11-10\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode pattern = JSON.readTree(call("GET", "/v1/patterns/P-1", admin, null).body());
        assertThat(pattern.at("/fixes/0/deployed_at").asText()).isEqualTo("2026-11-10T00:00:00Z");
    }

    @Test
    void verifyAndTriage_plainDates_areAccepted() throws Exception {
        call("POST", "/v1/patterns/P-1/fixes", admin, "{\"deployed_at\":\"2026-11-10\"}");

        assertThat(call("POST", "/v1/verify", admin, "{\"as_of\":\"2026-11-20\"}").statusCode()).isEqualTo(200);
        var reversed = call("POST", "/v1/triage", admin, "{\"from\":\"2026-11-10\",\"to\":\"2026-11-01\"}");
        assertThat(JSON.readTree(reversed.body()).get("field").asText()).as("both dates read").isEqualTo("to");
    }

    @Test
    void badTime_namesTheFieldAndShowsTheAcceptedForms() throws Exception {
        var r = call("POST", "/v1/triage", admin, "{\"from\":\"2026-13-01\",\"to\":\"2026-11-20\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("field").asText()).isEqualTo("from");
        assertThat(error.get("message").asText()).isEqualTo("from '2026-13-01' is not a date (2026-11-20, read as UTC"
                + " midnight) or an ISO-8601 time with an offset (2026-11-20T09:30:00Z)");
    }

    @Test
    void missingTime_namesTheFieldAndShowsTheAcceptedForms() throws Exception {
        var r = call("POST", "/v1/patterns/P-1/fixes", admin, "{\"note\":\"n\"}");

        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("deployed_at is required: a date"
                + " (2026-11-20, read as UTC midnight) or an ISO-8601 time with an offset (2026-11-20T09:30:00Z)");
    }

    @Test
    void regressionSet_answersThePatternsRedactedCasesInTheAskedFormat() throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-11-20T10:00:00Z");
        feedloop.store().write(new dev.feedloop.store.Batch(List.of(new dev.feedloop.store.ResponseRecord("default",
                "r1", t, "v1", "m", "refund for bob@example.com", "no", List.of(), null, null, null)), List.of()));
        feedloop.store().saveTriageRun(new dev.feedloop.store.TriageRunRecord("default", "run-1", t, t.plusSeconds(1),
                t, t, 1, "{}"), List.of(), List.of(new dev.feedloop.store.Assignment("r1", t, "P-1", 0.9)));

        var promptfoo = call("GET", "/v1/patterns/P-1/regression-set?format=promptfoo", admin, null);
        assertThat(promptfoo.statusCode()).isEqualTo(200);
        JsonNode tests = JSON.readTree(promptfoo.body());
        assertThat(tests.get(0).get("vars").get("input").asText()).isEqualTo("refund for [EMAIL]");
        assertThat(tests.get(0).get("assert").get(0).get("type").asText()).isEqualTo("not-equals");
        var jsonl = call("GET", "/v1/patterns/P-1/regression-set", admin, null);
        assertThat(jsonl.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        assertThat(jsonl.body().lines()).hasSize(1);
        assertThat(call("GET", "/v1/patterns/P-1/regression-set?format=yaml", admin, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/v1/patterns/P-9/regression-set", admin, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/patterns/P-1/regression-set", ingest, null).statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(call("GET", "/v1/patterns", admin, null).body()).get(0).has("ticket")).isTrue();
    }

    @Test
    void verify_routesThePatternsToTickets_inTheBackground_andRoutingShowsThem() throws Exception {
        JsonNode before = JSON.readTree(call("GET", "/v1/routing", admin, null).body());
        assertThat(before.get("tracker").asText()).isEqualTo("local");
        assertThat(before.get("tickets").size()).isZero();

        assertThat(call("POST", "/v1/verify", admin, null).statusCode()).isEqualTo(200);

        JsonNode status = before;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            status = JSON.readTree(call("GET", "/v1/routing", admin, null).body());
            if (status.get("tickets").size() == 1 && !status.get("tickets").get(0).get("key").isNull()) {
                break;
            }
            Thread.sleep(20);
        }
        JsonNode ticket = status.get("tickets").get(0);
        assertThat(ticket.get("pattern_id").asText()).isEqualTo("P-1");
        assertThat(ticket.get("key").asText()).isEqualTo("local:P-1");
        assertThat(status.get("outbox").size()).isZero();
        JsonNode pattern = JSON.readTree(call("GET", "/v1/patterns/P-1", admin, null).body());
        assertThat(pattern.get("ticket").get("key").asText()).isEqualTo("local:P-1");
        assertThat(call("GET", "/v1/routing", ingest, null).statusCode()).isEqualTo(403);
    }
}
