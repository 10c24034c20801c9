package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.PlainMessages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inputs a client can get wrong: each is answered 4xx with a JSON error naming the culprit, never 5xx. */
class MalformedInputTest {
    /** Small enough to test 413 cheaply, large enough for 1,001 small items and the over-long strings below. */
    static final long MAX_BODY = 64 * 1024;
    static final String R = "/v1/responses";
    static final String F = "/v1/feedback";
    static final String E = "/v1/events";
    static final String JSON_TYPE = "application/json";

    @TempDir
    static Path dir;
    static ServerFixture api;

    @BeforeAll
    static void start() {
        api = ServerFixture.start(dir, MAX_BODY);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** One bad request: where it goes, its body, and the answer expected. */
    record Case(String name, String route, String contentType, byte[] body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ObjectNode response() {
        ObjectNode n = ServerFixture.JSON.createObjectNode();
        n.put("request_id", "bad-1");
        n.put("prompt_version", "v1");
        n.put("user_input", "how do I reset my password");
        n.put("llm_output", "Open settings.");
        return n;
    }

    static ObjectNode feedback() {
        ObjectNode n = ServerFixture.JSON.createObjectNode();
        n.put("request_id", "bad-1");
        n.put("thumbs", "up");
        return n;
    }

    static ObjectNode event() {
        ObjectNode n = response();
        n.put("implicit_signal", "accepted");
        return n;
    }

    static Arguments item(String name, String route, ObjectNode base, Consumer<ObjectNode> change, String field) {
        change.accept(base);
        return text(name, route, base.toString(), 400, field);
    }

    static Arguments raw(String name, String route, ObjectNode base, String field, String rawValue, String culprit) {
        String body = base.toString();
        body = body.substring(0, body.length() - 1) + ",\"" + field + "\":" + rawValue + "}";
        return text(name, route, body, 400, culprit);
    }

    static Arguments text(String name, String route, String body, int status, String field) {
        return Arguments.of(new Case(name, route, JSON_TYPE, body.getBytes(StandardCharsets.UTF_8), status, field));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                item("missing request_id", R, response(), n -> n.remove("request_id"), "request_id"),
                item("missing prompt_version", R, response(), n -> n.remove("prompt_version"), "prompt_version"),
                item("event missing llm_output", E, event(), n -> n.remove("llm_output"), "llm_output"),
                item("feedback missing request_id", F, feedback(), n -> n.remove("request_id"), "request_id"),
                item("request_id as number", R, response(), n -> n.put("request_id", 42), "request_id"),
                item("prompt_version as object", R, response(), n -> n.putObject("prompt_version"), "prompt_version"),
                item("user_input as array", R, response(), n -> n.putArray("user_input").add("q"), "user_input"),
                item("llm_output as boolean", R, response(), n -> n.put("llm_output", true), "llm_output"),
                item("model as number", R, response(), n -> n.put("model", 4), "model"),
                item("session_id as array", R, response(), n -> n.putArray("session_id"), "session_id"),
                item("user_id as object", R, response(), n -> n.putObject("user_id"), "user_id"),
                item("project as number", R, response(), n -> n.put("project", 7), "project"),
                item("project with a space", R, response(), n -> n.put("project", "my project"), "project"),
                item("event_id as number", F, feedback(), n -> n.put("event_id", 12), "event_id"),
                item("edited_output as number", F, feedback(), n -> n.put("edited_output", 3), "edited_output"),
                item("comment as array", F, feedback(), n -> n.putArray("comment"), "comment"),
                item("rating 0", F, feedback(), n -> n.put("explicit_rating", 0), "explicit_rating"),
                item("rating 6", F, feedback(), n -> n.put("explicit_rating", 6), "explicit_rating"),
                item("rating 2.5", F, feedback(), n -> n.put("explicit_rating", 2.5), "explicit_rating"),
                item("rating \"5\"", F, feedback(), n -> n.put("explicit_rating", "5"), "explicit_rating"),
                raw("rating 1e400", F, feedback(), "explicit_rating", "1e400", "explicit_rating"),
                item("rating on an event", E, event(), n -> n.put("explicit_rating", -1), "explicit_rating"),
                item("thumbs sideways", F, feedback(), n -> n.put("thumbs", "sideways"), "thumbs"),
                item("thumbs as boolean", F, feedback(), n -> n.put("thumbs", true), "thumbs"),
                item("unknown implicit_signal", F, feedback(), n -> n.put("implicit_signal", "liked"), "implicit_signal"),
                item("implicit_signal in capitals", F, feedback(), n -> n.put("implicit_signal", "ACCEPTED"),
                        "implicit_signal"),
                item("timestamp garbage", F, feedback(), n -> n.put("timestamp", "yesterday"), "timestamp"),
                item("timestamp without offset", F, feedback(), n -> n.put("timestamp", "2026-11-20T09:30:00"),
                        "timestamp"),
                item("timestamp far future", F, feedback(), n -> n.put("timestamp",
                        ServerFixture.NOW.plusSeconds(30L * 86_400).toString()), "timestamp"),
                item("timestamp before 2000", F, feedback(), n -> n.put("timestamp", "1999-12-31T23:59:59Z"),
                        "timestamp"),
                item("timestamp epoch millis", F, feedback(), n -> n.put("timestamp", 1_795_167_000_000L), "timestamp"),
                raw("timestamp 1e400", F, feedback(), "timestamp", "1e400", "timestamp"),
                item("timestamp as boolean", R, response(), n -> n.put("timestamp", false), "timestamp"),
                item("blank request_id", R, response(), n -> n.put("request_id", "   "), "request_id"),
                item("empty request_id", F, feedback(), n -> n.put("request_id", ""), "request_id"),
                item("control character in request_id", R, response(), n -> n.put("request_id", "a\u0007b"),
                        "request_id"),
                item("newline in event_id", F, feedback(), n -> n.put("event_id", "e\n1"), "event_id"),
                item("NUL in session_id", R, response(), n -> n.put("session_id", "s\u00001"), "session_id"),
                raw("unpaired surrogate in event_id", F, feedback(), "event_id", "\"e\\ud800\"", "event_id"),
                raw("unpaired surrogate in user_input", R, response(), "user_input", "\"q\\ud800\"", "user_input"),
                raw("unpaired surrogate in comment", F, feedback(), "comment", "\"\\udc00\"", "comment"),
                raw("unpaired surrogate in a tag", R, response(), "tags", "{\"env\":\"\\ud800\"}", "tags.env"),
                raw("unpaired surrogate in a tag name", R, response(), "tags", "{\"\\ud800\":\"x\"}", "tags"),
                raw("unpaired surrogate in a field name", R, response(), "\\ud800", "1", "\\ud800"),
                item("request_id of 201 characters", R, response(), n -> n.put("request_id", "r".repeat(201)),
                        "request_id"),
                item("comment of 10,001 characters", F, feedback(), n -> n.put("comment", "c".repeat(10_001)),
                        "comment"),
                item("retrieved_context not an array", R, response(), n -> n.put("retrieved_context", "kb-1"),
                        "retrieved_context"),
                item("retrieved_context item without doc_id", R, response(),
                        n -> n.putArray("retrieved_context").addObject().put("text", "t"), "retrieved_context[0].doc_id"),
                item("retrieved_context non-numeric score", R, response(),
                        n -> n.putArray("retrieved_context").addObject().put("doc_id", "kb").put("score", "high"),
                        "retrieved_context[0].score"),
                item("retrieved_context item not an object", R, response(),
                        n -> n.putArray("retrieved_context").add("kb-1"), "retrieved_context[0]"),
                item("retrieved_context unknown field", R, response(),
                        n -> n.putArray("retrieved_context").addObject().put("doc_id", "kb").put("url", "u"),
                        "retrieved_context[0].url"),
                item("tag with a number value", R, response(), n -> n.putObject("tags").put("env", 1), "tags.env"),
                item("tags not an object", R, response(), n -> n.putArray("tags").add("a"), "tags"),
                item("51 tags", R, response(), n -> {
                    ObjectNode tags = n.putObject("tags");
                    for (int i = 0; i < 51; i++) {
                        tags.put("t" + i, "v");
                    }
                }, "tags"),
                item("unknown field", R, response(), n -> n.put("foo", "bar"), "foo"),
                item("feedback field sent as a response", R, response(), n -> n.put("thumbs", "up"), "thumbs"),
                item("feedback with no signal at all", F, feedback(), n -> n.remove("thumbs"), "implicit_signal"),
                item("feedback with only an edit", F, feedback(),
                        n -> n.put("edited_output", "better").remove("thumbs"), "implicit_signal"),
                text("empty body", F, "", 400, null),
                text("whitespace body", F, "   \n", 400, null),
                text("malformed JSON", R, "{\"request_id\":", 400, null),
                text("valid object then garbage", F, feedback() + " x", 400, null),
                text("two objects, NDJSON style", F, feedback() + "\n" + feedback().put("thumbs", "down"), 400, null),
                text("JSON number body", F, "42", 400, null),
                text("JSON string body", F, "\"hello\"", 400, null),
                text("JSON null body", F, "null", 400, null),
                text("empty array", F, "[]", 400, null),
                text("array of scalars", F, "[1,2]", 400, null),
                text("1,001 items", F, "[" + String.join(",",
                        java.util.Collections.nCopies(1_001, "{\"request_id\":\"r\",\"thumbs\":\"up\"}")) + "]", 400, null),
                text("nesting 20,000 deep", F, "[".repeat(20_000) + "]".repeat(20_000), 400, null),
                raw("NaN as a rating", F, feedback(), "explicit_rating", "NaN", null),
                raw("Infinity as a timestamp", F, feedback(), "timestamp", "Infinity", null),
                raw("-Infinity as a score", R, response(), "retrieved_context", "[{\"doc_id\":\"k\",\"score\":-Infinity}]",
                        null),
                raw("unquoted word", F, feedback(), "thumbs", "up", null),
                raw("number with a leading zero", F, feedback(), "explicit_rating", "04", null),
                raw("number with a plus sign", F, feedback(), "explicit_rating", "+4", null),
                raw("number ending in a dot", F, feedback(), "explicit_rating", "4.", null),
                raw("number of 1,001 digits", F, feedback(), "explicit_rating", "9".repeat(1_001), null),
                raw("unknown escape in a string", F, feedback(), "comment", "\"a\\qb\"", null),
                raw("bad unicode escape", F, feedback(), "comment", "\"\\u12g4\"", null),
                raw("unescaped newline in a string", F, feedback(), "comment", "\"two\nlines\"", null),
                text("single-quoted field name", F, "{'request_id':'r','thumbs':'up'}", 400, null),
                text("unquoted field name", F, "{request_id:\"r\",thumbs:\"up\"}", 400, null),
                text("trailing comma in an object", F, "{\"request_id\":\"r\",\"thumbs\":\"up\",}", 400, null),
                text("trailing comma in an array", F, "[{\"request_id\":\"r\",\"thumbs\":\"up\"},]", 400, null),
                text("missing colon", F, "{\"request_id\" \"r\"}", 400, null),
                text("missing comma between fields", F, "{\"request_id\":\"r\" \"thumbs\":\"up\"}", 400, null),
                text("missing comma between items", F, "[{\"request_id\":\"r\"} {\"thumbs\":\"up\"}]", 400, null),
                text("a comment in the body", F, "// a note\n" + feedback(), 400, null),
                text("unclosed string", F, "{\"request_id\":\"r", 400, null),
                text("unclosed array", F, "[" + feedback(), 400, null),
                text("mismatched bracket", F, "{\"request_id\":\"r\"]", 400, null),
                text("closing bracket alone", F, "]", 400, null),
                text("NUL between tokens", F, feedback() + "\u0000", 400, null),
                text("number then garbage", F, "42x", 400, null),
                text("field name of 50,001 characters", F, "{\"" + "n".repeat(50_001) + "\":1}", 400, null),
                Arguments.of(new Case("UTF-32 with an impossible character", F, JSON_TYPE, new byte[] {0, 0, 0, '{',
                    0, 0, 0, '"', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, '"'}, 400, null)),
                Arguments.of(new Case("UTF-32 of unknown byte order", F, JSON_TYPE, new byte[] {0, '{', 0, 0}, 400, null)),
                text("body over the limit", R, "{\"request_id\":\"" + "x".repeat((int) MAX_BODY) + "\"}", 413, null),
                Arguments.of(new Case("invalid UTF-8", F, JSON_TYPE, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe,
                    '"', ':', '1', '}'}, 400, null)),
                Arguments.of(new Case("text/plain body", R, "text/plain", response().toString().getBytes(
                        StandardCharsets.UTF_8), 415, null)),
                Arguments.of(new Case("form body", F, "application/x-www-form-urlencoded",
                        "request_id=r&thumbs=up".getBytes(StandardCharsets.UTF_8), 415, null)),
                Arguments.of(new Case("no content type", F, null, feedback().toString().getBytes(
                        StandardCharsets.UTF_8), 415, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequest_isAnswered4xxNamingTheField(Case c) {
        HttpRequest.Builder request = api.request(c.route()).header("Authorization", "Bearer " + api.ingestKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }

        HttpResponse<String> r = api.send(request);

        assertThat(r.statusCode()).as("%s: %s", c.name(), r.body()).isEqualTo(c.status());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = ServerFixture.json(r);
        assertThat(error.path("error").asText()).as("error code").isNotBlank();
        assertThat(error.path("message").asText()).as("message").isNotBlank();
        PlainMessages.assertPlain(error.path("message").asText());
        if (c.field() == null) {
            assertThat(error.path("field").isNull() || error.path("field").isMissingNode()).as("field").isTrue();
        } else {
            assertThat(error.path("field").asText()).as("field").isEqualTo(c.field());
        }
    }

    @Test
    void cases_coverAtLeastThirtyDistinctInputs() {
        assertThat(cases().map(a -> a.get()[0].toString()).distinct().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void nothingIsStored_byAnyOfTheBadRequests() {
        cases().forEach(a -> badRequest_isAnswered4xxNamingTheField((Case) a.get()[0]));

        assertThat(api.feedloop.store().response("default", "bad-1")).isEmpty();
        assertThat(api.feedloop.store().feedback("default", "bad-1")).isEmpty();
        assertThat(api.feedloop.store().feedback("default", "r")).isEmpty();
    }

    @Test
    void ingest_nanNumber_isNamedWithItsPlace_inPlainWords() {
        HttpResponse<String> r = api.post(F, api.ingestKey, "{\"request_id\":\"r\",\"explicit_rating\":NaN}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("malformed_json");
        assertThat(ServerFixture.json(r).get("message").asText())
                .isEqualTo("the body is not valid JSON: NaN and Infinity are not JSON numbers (line 1, column 40)");
    }

    @Test
    void ingest_deepNesting_saysHowDeepIsAllowed() {
        HttpResponse<String> r = api.post(F, api.ingestKey, "[".repeat(2_000) + "]".repeat(2_000));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ServerFixture.json(r).get("message").asText())
                .isEqualTo("the body nests arrays or objects more than 1000 deep");
    }

    @Test
    void ingest_unexpectedCharacter_showsTheCharacterAndWhere() {
        HttpResponse<String> r = api.post(F, api.ingestKey, "{\"request_id\" x}");

        assertThat(ServerFixture.json(r).get("message").asText())
                .isEqualTo("the body is not valid JSON: expected ':' after a field name, found 'x' (line 1, column 15)");
    }

    @Test
    void loopRoute_malformedBody_isAnsweredInTheSameWords() {
        HttpResponse<String> r = api.post("/v1/triage", "{\"from\":\"2026-11-01\",}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ServerFixture.json(r).get("message").asText()).startsWith("the body is not valid JSON: ");
        PlainMessages.assertPlain(ServerFixture.json(r).get("message").asText());
    }

    @Test
    void chunkedBodyOverTheLimit_is413() {
        byte[] body = ("{\"request_id\":\"" + "x".repeat((int) MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = api.send(api.request(R).header("Authorization", "Bearer " + api.ingestKey)
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ServerFixture.json(r).get("error").asText()).isEqualTo("body_too_large");
    }

    @Test
    void chunkedBodyUnderTheLimit_isAccepted() {
        byte[] body = ServerFixture.responseJson("chunked-ok").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = api.send(api.request(R).header("Authorization", "Bearer " + api.ingestKey)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

        assertThat(r.statusCode()).isEqualTo(202);
    }

    @Test
    void arrayWithOnlyBadItems_listsEveryRejection() {
        HttpResponse<String> r = api.post(F, api.ingestKey,
                "[{\"request_id\":\"x\",\"thumbs\":\"sideways\"},{\"request_id\":\"x\",\"explicit_rating\":9}]");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = ServerFixture.json(r);
        assertThat(body.get("error").asText()).isEqualTo("invalid_items");
        assertThat(body.get("field").asText()).isEqualTo("thumbs");
        assertThat(body.at("/rejected/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/rejected/1/field").asText()).isEqualTo("explicit_rating");
    }
}
