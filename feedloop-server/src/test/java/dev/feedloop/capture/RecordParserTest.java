package dev.feedloop.capture;

import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.FeedbackRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordParserTest {
    private static final Instant NOW = RecordParserPropertiesTest.NOW;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(new byte[32]);
    private final RecordParser parser = new RecordParser(Clock.fixed(NOW, ZoneOffset.UTC), pseudonymizer);

    private RecordParser.BatchBuilder parse(RecordKind kind, String json) throws Exception {
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(kind, JSON.readTree(json), "default", into);
        return into;
    }

    private String rejectedField(RecordKind kind, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        try {
            parser.parse(kind, node, "default", new RecordParser.BatchBuilder());
        } catch (InvalidFieldException e) {
            return e.field();
        }
        throw new AssertionError("accepted " + json);
    }

    @Test
    void feedback_retriedWithSameTimestampAndNoEventId_getsTheSameDerivedId() throws Exception {
        String json = "{\"request_id\":\"r1\",\"thumbs\":\"down\",\"timestamp\":\"2026-11-20T09:30:00Z\"}";
        String first = parse(RecordKind.FEEDBACK, json).feedback.get(0).eventId();
        String second = parse(RecordKind.FEEDBACK, json).feedback.get(0).eventId();
        assertThat(first).isEqualTo(second).startsWith("h:");
    }

    @Test
    void feedback_sameInstantWrittenWithAnotherOffset_getsTheSameDerivedId() throws Exception {
        String utc = parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r1\",\"thumbs\":\"down\",\"timestamp\":\"2026-11-20T09:30:00Z\"}").feedback.get(0).eventId();
        String paris = parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r1\",\"thumbs\":\"down\",\"timestamp\":\"2026-11-20T10:30:00+01:00\"}").feedback.get(0).eventId();
        String seconds = parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r1\",\"thumbs\":\"down\",\"timestamp\":1795167000}").feedback.get(0).eventId();
        assertThat(paris).isEqualTo(utc);
        assertThat(seconds).isEqualTo(utc);
    }

    @Test
    void feedback_differentContentAtSameTime_getsDifferentDerivedIds() throws Exception {
        String down = parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r1\",\"thumbs\":\"down\",\"timestamp\":\"2026-11-20T09:30:00Z\"}").feedback.get(0).eventId();
        String up = parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r1\",\"thumbs\":\"up\",\"timestamp\":\"2026-11-20T09:30:00Z\"}").feedback.get(0).eventId();
        assertThat(down).isNotEqualTo(up);
    }

    @Test
    void feedback_withoutTimestampOrEventId_getsFreshIds() throws Exception {
        String json = "{\"request_id\":\"r1\",\"thumbs\":\"down\"}";
        FeedbackRecord first = parse(RecordKind.FEEDBACK, json).feedback.get(0);
        FeedbackRecord second = parse(RecordKind.FEEDBACK, json).feedback.get(0);
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.timestamp()).isEqualTo(NOW);
    }

    @Test
    void event_becomesOneResponseAndOneFeedback() throws Exception {
        RecordParser.BatchBuilder into = parse(RecordKind.EVENT, "{\"request_id\":\"r1\",\"prompt_version\":\"v2\","
                + "\"user_input\":\"q\",\"llm_output\":\"a\",\"implicit_signal\":\"edited\",\"edited_output\":\"b\","
                + "\"explicit_rating\":2,\"event_id\":\"e1\",\"project\":\"default\"}");
        assertThat(into.responses).singleElement().satisfies(r -> {
            assertThat(r.requestId()).isEqualTo("r1");
            assertThat(r.promptVersion()).isEqualTo("v2");
        });
        assertThat(into.feedback).singleElement().satisfies(f -> {
            assertThat(f.eventId()).isEqualTo("e1");
            assertThat(f.implicitSignal()).isEqualTo(ImplicitSignal.EDITED);
            assertThat(f.explicitRating()).isEqualTo(2);
            assertThat(f.editedOutput()).isEqualTo("b");
        });
    }

    @Test
    void response_userId_isStoredAsAStablePseudonym() throws Exception {
        String json = "{\"request_id\":\"r1\",\"prompt_version\":\"v\",\"user_input\":\"q\",\"llm_output\":\"a\","
                + "\"user_id\":\"alice@example.com\"}";
        String first = parse(RecordKind.RESPONSE, json).responses.get(0).userId();
        String second = parse(RecordKind.RESPONSE, json).responses.get(0).userId();
        assertThat(first).isEqualTo(second).doesNotContain("alice").startsWith("u_");
        String otherInstallation = new Pseudonymizer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                .pseudonym("alice@example.com");
        assertThat(first).isEqualTo(pseudonymizer.pseudonym("alice@example.com"));
        assertThat(otherInstallation).isNotEqualTo(first);
    }

    @Test
    void timestamp_epochSecondsWithFraction_keepsMilliseconds() throws Exception {
        Instant ts = parse(RecordKind.FEEDBACK, "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":1795167000.125}")
                .feedback.get(0).timestamp();
        assertThat(ts).isEqualTo(Instant.parse("2026-11-20T09:30:00.125Z"));
    }

    @Test
    void timestamp_exactlyOneDayAhead_isAccepted_andOneSecondMoreIsNot() throws Exception {
        String ahead = NOW.plusSeconds(86_400).toString();
        String beyond = NOW.plusSeconds(86_401).toString();
        assertThat(parse(RecordKind.FEEDBACK, "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":\"" + ahead + "\"}")
                .feedback).hasSize(1);
        assertThat(rejectedField(RecordKind.FEEDBACK,
                "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":\"" + beyond + "\"}")).isEqualTo("timestamp");
    }

    @Test
    void timestamp_startOf2000_isAccepted_andJustBeforeIsNot() throws Exception {
        assertThat(parse(RecordKind.FEEDBACK,
                "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":\"2000-01-01T00:00:00Z\"}").feedback).hasSize(1);
        assertThat(rejectedField(RecordKind.FEEDBACK,
                "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":\"1999-12-31T23:59:59Z\"}")).isEqualTo("timestamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "1e20", "-5e15", "true", "\"yesterday\"", "\"2026-11-20T09:30:00\"",
        "\"2026-11-20\"", "[]", "{}", "1763631000000"})
    void timestamp_unusable_isRejectedNamingTimestamp(String value) throws Exception {
        assertThat(rejectedField(RecordKind.FEEDBACK,
                "{\"request_id\":\"r\",\"thumbs\":\"up\",\"timestamp\":" + value + "}")).isEqualTo("timestamp");
    }

    @Test
    void freeText_mayHoldControlCharacters_butIdentifiersMayNot() throws Exception {
        assertThat(parse(RecordKind.FEEDBACK, "{\"request_id\":\"r\",\"comment\":\"line 1\\nline\\t2\"}").feedback)
                .hasSize(1);
        assertThat(rejectedField(RecordKind.FEEDBACK, "{\"request_id\":\"r\\n\",\"comment\":\"c\"}"))
                .isEqualTo("request_id");
    }

    @Test
    void nonObjectItem_isRejectedWithoutAField() {
        assertThatThrownBy(() -> parser.parse(RecordKind.RESPONSE, JSON.readTree("[1]"), "default",
                new RecordParser.BatchBuilder()))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isNull());
    }

    @Test
    void project_invalidName_isRejected_andValidOneIsKept() throws Exception {
        assertThat(rejectedField(RecordKind.FEEDBACK, "{\"request_id\":\"r\",\"comment\":\"c\",\"project\":\"-x\"}"))
                .isEqualTo("project");
        assertThat(parse(RecordKind.FEEDBACK, "{\"request_id\":\"r\",\"comment\":\"c\",\"project\":\"acme.prod\"}")
                .feedback.get(0).project()).isEqualTo("acme.prod");
    }

    /** A response or event with one field replaced by raw JSON. */
    private static String with(String base, String field, String rawValue) {
        return base.substring(0, base.length() - 1) + ",\"" + field + "\":" + rawValue + "}";
    }

    private static final String RESPONSE = "{\"request_id\":\"r1\",\"prompt_version\":\"v1\",\"user_input\":\"q\","
            + "\"llm_output\":\"a\"}";

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            user_input        | "ask \\ud800 me"                                 | user_input
            llm_output        | "\\udc00 answer"                                 | llm_output
            model             | "gpt\\ud800"                                     | model
            session_id        | "\\udfff"                                        | session_id
            user_id           | "u\\ud83d"                                       | user_id
            comment           | "reversed pair \\ude00\\ud83d"                   | comment
            edited_output     | "ends high \\ud83d"                              | edited_output
            retrieved_context | [{"doc_id":"k","text":"t\\ud800"}]               | retrieved_context[0].text
            retrieved_context | [{"doc_id":"k\\ud800"}]                          | retrieved_context[0].doc_id
            tags              | {"env":"p\\ud800"}                               | tags.env
            tags              | {"e\\ud800":"p"}                                 | tags
            """)
    void ingest_loneSurrogate_isRejectedNamingTheField(String field, String rawValue, String culprit) throws Exception {
        JsonNode node = JSON.readTree(with(RESPONSE.replace("}", ",\"implicit_signal\":\"accepted\"}"), field, rawValue));

        assertThatThrownBy(() -> parser.parse(RecordKind.EVENT, node, "default", new RecordParser.BatchBuilder()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(culprit);
                    assertThat(e.getMessage()).contains("unpaired surrogate");
                });
    }

    @Test
    void ingest_surrogatePairs_areKeptWhole() throws Exception {
        String emoji = "\ud83d\ude00";
        var batch = parse(RecordKind.EVENT, with(with(RESPONSE, "comment", "\"great \\ud83d\\ude00\""),
                "thumbs", "\"up\"").replace("\"q\"", "\"q \\ud83d\\ude00\""));

        assertThat(batch.responses.get(0).userInput()).isEqualTo("q " + emoji);
        assertThat(batch.feedback.get(0).comment()).isEqualTo("great " + emoji);
    }

    @Test
    void timestamp_plainDate_isRefusedSayingARecordNeedsItsTimeOfDay() {
        assertThatThrownBy(() -> parse(RecordKind.FEEDBACK, "{\"request_id\":\"r1\",\"thumbs\":\"up\",\"timestamp\":\"2026-11-19\"}"))
                .hasMessage("timestamp '2026-11-19' is a date without a time; send an ISO-8601 time with an offset"
                        + " (2026-11-20T09:30:00Z), or epoch seconds as a number");
    }

    @Test
    void timestamp_garbage_namesTheFormsIncludingEpochSeconds() {
        assertThatThrownBy(() -> parse(RecordKind.FEEDBACK, "{\"request_id\":\"r1\",\"thumbs\":\"up\",\"timestamp\":\"soon\"}"))
                .hasMessage("timestamp 'soon' is not an ISO-8601 time with an offset (2026-11-20T09:30:00Z),"
                        + " or epoch seconds as a number");
    }
}
