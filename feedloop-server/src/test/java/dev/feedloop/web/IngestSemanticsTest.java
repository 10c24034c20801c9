package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.capture.EditMagnitude;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency, partial failure of arrays and out-of-order arrival, over HTTP. */
class IngestSemanticsTest {
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

    private static JsonNode post(String route, String body) {
        HttpResponse<String> r = api.post(route, api.ingestKey, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return ServerFixture.json(r);
    }

    @Test
    void feedback_sameEventIdTwice_isStoredOnceAndReportedDuplicate() {
        post("/v1/responses", ServerFixture.responseJson("idem-r1"));
        String event = "{\"request_id\":\"idem-r1\",\"event_id\":\"idem-e1\",\"thumbs\":\"down\"}";

        JsonNode first = post("/v1/feedback", event);
        JsonNode second = post("/v1/feedback", event);

        assertThat(first.get("stored").asInt()).isEqualTo(1);
        assertThat(second.get("stored").asInt()).isZero();
        assertThat(second.get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.response("idem-r1").get("feedback")).hasSize(1);
    }

    @Test
    void feedback_sameEventIdWithOtherContent_keepsTheFirst() {
        post("/v1/feedback", "{\"request_id\":\"idem-r2\",\"event_id\":\"idem-e2\",\"explicit_rating\":1}");
        JsonNode second = post("/v1/feedback", "{\"request_id\":\"idem-r2\",\"event_id\":\"idem-e2\",\"explicit_rating\":5}");

        assertThat(second.get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.feedloop.store().feedback("default", "idem-r2")).singleElement()
                .satisfies(f -> assertThat(f.record().explicitRating()).isEqualTo(1));
    }

    @Test
    void response_sameRequestIdTwice_isStoredOnceAndReportedDuplicate() {
        JsonNode first = post("/v1/responses", ServerFixture.responseJson("idem-r3"));
        JsonNode second = post("/v1/responses", ServerFixture.responseJson("idem-r3").replace("Open settings", "Other"));

        assertThat(first.get("stored").asInt()).isEqualTo(1);
        assertThat(second.get("stored").asInt()).isZero();
        assertThat(second.get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.response("idem-r3").get("llm_output").asText()).isEqualTo("Open settings and click reset.");
    }

    @Test
    void feedback_retriedWithTimestampButNoEventId_countsOnce() {
        String event = "{\"request_id\":\"idem-r4\",\"implicit_signal\":\"regenerated\","
                + "\"timestamp\":\"2026-11-20T10:00:00Z\"}";

        post("/v1/feedback", event);
        JsonNode retry = post("/v1/feedback", event);

        assertThat(retry.get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.feedloop.store().feedback("default", "idem-r4")).hasSize(1);
    }

    @Test
    void feedback_twoClicksWithoutTimestampOrEventId_countTwice() {
        String click = "{\"request_id\":\"idem-r5\",\"thumbs\":\"up\"}";

        post("/v1/feedback", click);
        post("/v1/feedback", click);

        assertThat(api.feedloop.store().feedback("default", "idem-r5")).hasSize(2);
    }

    @Test
    void event_retriedWithTimestamp_countsOnce() {
        String event = "{\"request_id\":\"idem-r6\",\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"a\","
                + "\"implicit_signal\":\"abandoned\",\"timestamp\":1795167000}";

        JsonNode first = post("/v1/events", event);
        JsonNode retry = post("/v1/events", event);

        assertThat(first.get("stored").asInt()).isEqualTo(1);
        assertThat(retry.get("stored").asInt()).isZero();
        assertThat(retry.get("duplicates").asInt()).isEqualTo(1);
        assertThat(api.response("idem-r6").get("feedback")).hasSize(1);
    }

    @Test
    void array_sameEventTwiceInOneRequest_isStoredOnce() {
        String e = "{\"request_id\":\"idem-r7\",\"event_id\":\"idem-e7\",\"thumbs\":\"up\"}";

        JsonNode report = post("/v1/feedback", "[" + e + "," + e + "]");

        assertThat(report.get("stored").asInt()).isEqualTo(1);
        assertThat(report.get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void requestIdsDifferingOnlyInUnpairedSurrogates_areNotMergedIntoOne() {
        JsonNode report = ServerFixture.json(api.post("/v1/responses", api.ingestKey, "["
                + ServerFixture.responseJson("sur-\\ud800") + "," + ServerFixture.responseJson("sur-\\ud801") + ","
                + ServerFixture.responseJson("sur-ok") + "]"));

        assertThat(report.get("stored").asInt()).isEqualTo(1);
        assertThat(report.get("duplicates").asInt()).as("a distinct record reported as a duplicate is lost").isZero();
        assertThat(report.get("rejected")).hasSize(2);
        assertThat(report.at("/rejected/0/field").asText()).isEqualTo("request_id");
    }

    @Test
    void array_partlyInvalid_storesTheValidItemsAndListsTheRest() {
        JsonNode report = post("/v1/responses", "[" + ServerFixture.responseJson("part-1") + ","
                + "{\"request_id\":\"part-2\",\"prompt_version\":\"v1\",\"user_input\":\"q\"},"
                + ServerFixture.responseJson("part-3") + ","
                + "17,"
                + "{\"request_id\":\"part-5\",\"prompt_version\":\"v1\",\"user_input\":\"q\",\"llm_output\":\"a\","
                + "\"tags\":{\"k\":[]}}]");

        assertThat(report.get("stored").asInt()).isEqualTo(2);
        JsonNode rejected = report.get("rejected");
        assertThat(rejected).hasSize(3);
        assertThat(rejected.findValuesAsText("index")).containsExactly("1", "3", "4");
        assertThat(rejected.get(0).get("field").asText()).isEqualTo("llm_output");
        assertThat(rejected.get(1).get("field").isNull()).isTrue();
        assertThat(rejected.get(2).get("field").asText()).isEqualTo("tags.k");
        assertThat(rejected.get(0).get("message").asText()).contains("llm_output");
        assertThat(api.feedloop.store().response("default", "part-1")).isPresent();
        assertThat(api.feedloop.store().response("default", "part-3")).isPresent();
        assertThat(api.feedloop.store().response("default", "part-2")).isEmpty();
    }

    @Test
    void editedFeedback_beforeItsResponse_getsEditMagnitudeWhenTheResponseArrives() {
        String output = "The capital of France is Paris";
        String edited = "The capital of France is Lyon";
        post("/v1/feedback", "{\"request_id\":\"ooo-1\",\"event_id\":\"ooo-e1\",\"implicit_signal\":\"edited\","
                + "\"edited_output\":\"" + edited + "\"}");
        assertThat(api.get("/v1/responses/ooo-1", api.adminKey).statusCode()).isEqualTo(404);
        assertThat(api.feedloop.store().feedback("default", "ooo-1")).singleElement()
                .satisfies(f -> assertThat(f.editMagnitude()).isNull());

        post("/v1/responses", "{\"request_id\":\"ooo-1\",\"prompt_version\":\"v1\",\"user_input\":\"capital?\","
                + "\"llm_output\":\"" + output + "\"}");

        JsonNode feedback = api.response("ooo-1").get("feedback");
        assertThat(feedback).hasSize(1);
        assertThat(feedback.at("/0/edit_magnitude").asDouble()).isEqualTo(1.0 / 6)
                .isEqualTo(EditMagnitude.of(output, edited));
    }

    @Test
    void editedFeedback_afterItsResponse_getsEditMagnitudeAtOnce() {
        post("/v1/responses", "{\"request_id\":\"ooo-2\",\"prompt_version\":\"v1\",\"user_input\":\"q\","
                + "\"llm_output\":\"one two three four\"}");

        post("/v1/feedback", "{\"request_id\":\"ooo-2\",\"implicit_signal\":\"edited\",\"edited_output\":\"one two\"}");

        assertThat(api.response("ooo-2").at("/feedback/0/edit_magnitude").asDouble()).isEqualTo(0.5);
    }

    @Test
    void responseAndEditInOneArrayOfEvents_getEditMagnitude() {
        post("/v1/events", "[{\"request_id\":\"ooo-3\",\"prompt_version\":\"v1\",\"user_input\":\"q\","
                + "\"llm_output\":\"alpha beta\",\"implicit_signal\":\"edited\",\"edited_output\":\"alpha gamma\"}]");

        assertThat(api.response("ooo-3").at("/feedback/0/edit_magnitude").asDouble()).isEqualTo(0.5);
    }
}
