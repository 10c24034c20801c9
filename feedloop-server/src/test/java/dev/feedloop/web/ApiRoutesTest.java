package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiRoutesTest {
    @TempDir
    static Path dir;
    static ServerFixture api;

    @BeforeAll
    static void start() {
        api = ServerFixture.start(dir, 1 << 20);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void postResponses_validRecord_isAcceptedAndReadable() {
        String body = "{\"request_id\":\"route-r1\",\"timestamp\":\"2026-11-20T09:30:00+01:00\",\"prompt_version\":\"v7\","
                + "\"model\":\"gpt-x\",\"user_input\":\"what is my balance\",\"llm_output\":\"5 dollars\","
                + "\"retrieved_context\":[{\"doc_id\":\"kb-1\",\"text\":\"Balances\",\"score\":0.8},{\"doc_id\":\"kb-2\"}],"
                + "\"session_id\":\"s-1\",\"user_id\":\"alice@example.com\",\"tags\":{\"team\":\"billing\"}}";

        HttpResponse<String> posted = api.post("/v1/responses", api.ingestKey, body);

        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode report = ServerFixture.json(posted);
        assertThat(report.get("stored").asInt()).isEqualTo(1);
        assertThat(report.get("duplicates").asInt()).isZero();
        assertThat(report.get("rejected")).isEmpty();

        JsonNode stored = api.response("route-r1");
        assertThat(stored.get("project").asText()).isEqualTo("default");
        assertThat(stored.get("timestamp").asText()).isEqualTo("2026-11-20T08:30:00Z");
        assertThat(stored.get("prompt_version").asText()).isEqualTo("v7");
        assertThat(stored.get("model").asText()).isEqualTo("gpt-x");
        assertThat(stored.get("user_input").asText()).isEqualTo("what is my balance");
        assertThat(stored.get("llm_output").asText()).isEqualTo("5 dollars");
        assertThat(stored.get("retrieved_context")).hasSize(2);
        assertThat(stored.at("/retrieved_context/0/doc_id").asText()).isEqualTo("kb-1");
        assertThat(stored.at("/retrieved_context/0/score").asDouble()).isEqualTo(0.8);
        assertThat(stored.at("/retrieved_context/1/text").isMissingNode()).isTrue();
        assertThat(stored.get("session_id").asText()).isEqualTo("s-1");
        assertThat(stored.get("user_id").asText()).startsWith("u_").doesNotContain("alice");
        assertThat(stored.at("/tags/team").asText()).isEqualTo("billing");
        assertThat(stored.get("reasked").asBoolean()).isFalse();
        assertThat(stored.get("feedback")).isEmpty();
    }

    @Test
    void postFeedback_validEvent_isListedUnderItsResponse() {
        api.post("/v1/responses", ServerFixture.responseJson("route-r2"));

        HttpResponse<String> posted = api.post("/v1/feedback", api.ingestKey,
                "{\"request_id\":\"route-r2\",\"event_id\":\"route-e2\",\"explicit_rating\":2,\"thumbs\":\"down\","
                        + "\"comment\":\"wrong menu\",\"timestamp\":1795167000}");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(ServerFixture.json(posted).get("stored").asInt()).isEqualTo(1);
        JsonNode feedback = api.response("route-r2").get("feedback");
        assertThat(feedback).hasSize(1);
        assertThat(feedback.at("/0/event_id").asText()).isEqualTo("route-e2");
        assertThat(feedback.at("/0/explicit_rating").asInt()).isEqualTo(2);
        assertThat(feedback.at("/0/thumbs").asText()).isEqualTo("down");
        assertThat(feedback.at("/0/comment").asText()).isEqualTo("wrong menu");
        assertThat(feedback.at("/0/timestamp").asText()).isEqualTo("2026-11-20T09:30:00Z");
    }

    @Test
    void postEvents_oneShotEvent_storesAResponseAndItsFeedback() {
        HttpResponse<String> posted = api.post("/v1/events", api.ingestKey,
                "{\"request_id\":\"route-r3\",\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"the answer\","
                        + "\"implicit_signal\":\"edited\",\"edited_output\":\"the better answer\",\"explicit_rating\":3}");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(ServerFixture.json(posted).get("stored").asInt()).as("an event counts once").isEqualTo(1);
        JsonNode stored = api.response("route-r3");
        assertThat(stored.get("llm_output").asText()).isEqualTo("the answer");
        assertThat(stored.at("/feedback/0/implicit_signal").asText()).isEqualTo("edited");
        assertThat(stored.at("/feedback/0/edit_magnitude").asDouble()).isEqualTo(1.0 / 3);
        assertThat(stored.at("/feedback/0/timestamp").asText()).isEqualTo(ServerFixture.NOW.toString());
    }

    @Test
    void getResponse_unknownId_is404NamingRequestId() {
        HttpResponse<String> r = api.get("/v1/responses/no-such-id", api.adminKey);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ServerFixture.json(r).get("field").asText()).isEqualTo("request_id");
    }

    @Test
    void health_needsNoKey_andSaysOk() {
        HttpResponse<String> r = api.get("/health", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ServerFixture.json(r).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void metrics_countStoredDuplicateAndRejectedItems() {
        HttpResponse<String> before = api.get("/metrics", null);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        api.post("/v1/feedback", "[{\"request_id\":\"m1\",\"event_id\":\"m-e1\",\"thumbs\":\"up\"},"
                + "{\"request_id\":\"m1\",\"event_id\":\"m-e1\",\"thumbs\":\"up\"},"
                + "{\"request_id\":\"m1\",\"thumbs\":\"sideways\"}]");
        String after = api.get("/metrics", null).body();

        String route = "route=\"/v1/feedback\"";
        assertThat(metric(after, "feedloop_ingested_total", route) - metric(before.body(), "feedloop_ingested_total", route))
                .isEqualTo(1.0);
        assertThat(metric(after, "feedloop_duplicates_total", route)
                - metric(before.body(), "feedloop_duplicates_total", route)).isEqualTo(1.0);
        assertThat(metric(after, "feedloop_rejected_total", "reason=\"invalid_field\",route=\"/v1/feedback\"")
                - metric(before.body(), "feedloop_rejected_total", "reason=\"invalid_field\",route=\"/v1/feedback\""))
                .isEqualTo(1.0);
        assertThat(after).contains("feedloop_http_request_duration_seconds_bucket");
    }

    @Test
    void metrics_anErrorAnswer_isCountedWithItsStatus() {
        HttpResponse<String> missing = api.get("/v1/responses/no-such-response", ServerFixture.ENV_KEY);
        assertThat(missing.statusCode()).isEqualTo(404);

        String after = api.get("/metrics", null).body();

        assertThat(after).contains("route=\"/v1/responses/{request_id}\",status=\"404\"");
    }

    @Test
    void knownPath_wrongMethod_is405InJson() {
        HttpResponse<String> r = api.send(api.request("/health").PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("method_not_allowed");
    }

    /** The value of one sample in Prometheus text format, 0 when absent. */
    private static double metric(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    @Test
    void openApi_isServedAsJsonWithoutKey() {
        HttpResponse<String> r = api.get("/openapi.json", null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = ServerFixture.json(r);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").size()).isPositive();
    }

    @Test
    void openApi_documentsEveryRouteTheServerRegisters() throws Exception {
        JsonNode paths = ServerFixture.json(api.get("/openapi.json", null)).get("paths");
        List<ParsedEndpoint> endpoints = registeredEndpoints(api.server);

        assertThat(endpoints).isNotEmpty();
        for (ParsedEndpoint e : endpoints) {
            String path = e.endpoint.path;
            if (!path.startsWith("/v1/") && !List.of("/health", "/metrics", "/openapi.json").contains(path)) {
                continue; // the dashboard's HTML pages and assets: docs/http-api.md, not the OpenAPI document
            }
            String method = e.endpoint.method.name().toLowerCase(Locale.ROOT);
            assertThat(paths.has(path)).as("openapi.json documents %s", path).isTrue();
            assertThat(paths.get(path).has(method)).as("openapi.json documents %s %s", method, path).isTrue();
        }
    }

    @Test
    void openApi_everyDocumentedRouteExists() throws Exception {
        JsonNode paths = ServerFixture.json(api.get("/openapi.json", null)).get("paths");
        List<String> registered = registeredEndpoints(api.server).stream()
                .map(e -> e.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + e.endpoint.path).toList();
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(method -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                assertThat(registered).contains(method + " " + path);
            }
        }));
    }

    /** Javalin keeps its routes in the app's router; the server does not expose the app, so reach in. */
    private static List<ParsedEndpoint> registeredEndpoints(ApiServer server) throws Exception {
        Field field = ApiServer.class.getDeclaredField("app");
        field.setAccessible(true);
        Javalin app = (Javalin) field.get(server);
        return app.unsafe.internalRouter.allHttpHandlers();
    }

    @Test
    void unknownRoute_is404WithAJsonError() {
        HttpResponse<String> r = api.get("/v1/nothing-here", api.adminKey);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void unknownRoute_postedJson_is404WithAJsonError() {
        HttpResponse<String> r = api.post("/v1/nothing-here", "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void wrongMethod_isA4xxWithAJsonError() {
        HttpResponse<String> r = api.send(api.request("/v1/responses").header("Authorization", "Bearer " + api.adminKey)
                .DELETE());

        assertThat(r.statusCode()).isBetween(400, 499);
        assertThat(ServerFixture.json(r).has("error")).isTrue();
    }
}
