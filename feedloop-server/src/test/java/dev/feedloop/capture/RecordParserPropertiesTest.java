package dev.feedloop.capture;

import dev.feedloop.store.Thumbs;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the validators: what any client can send, and what a valid record becomes. */
class RecordParserPropertiesTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer(new byte[32]);
    private static final List<String> FIELD_NAMES = List.of("type", "request_id", "event_id", "timestamp", "project",
            "prompt_version", "model", "user_input", "llm_output", "retrieved_context", "session_id", "user_id", "tags",
            "implicit_signal", "explicit_rating", "thumbs", "edited_output", "comment", "doc_id", "text", "score", "x");

    private final RecordParser parser = new RecordParser(Clock.fixed(NOW, ZoneOffset.UTC), PSEUDONYMIZER);

    // ---- arbitrary input -------------------------------------------------------------------

    @Property(tries = 1500)
    void parse_anyJsonValue_failsOnlyWithInvalidFieldException(@ForAll("jsonish") JsonNode node,
            @ForAll RecordKind kind) {
        Throwable thrown = catchThrowable(() -> parser.parse(kind, node, "default", new RecordParser.BatchBuilder()));
        if (thrown != null) {
            assertThat(thrown).as("input %s", node).isInstanceOf(InvalidFieldException.class);
            assertThat(thrown.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1500)
    void parse_nearlyValidItem_failsOnlyWithInvalidFieldException(@ForAll("nearlyValid") JsonNode node,
            @ForAll RecordKind kind) {
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        Throwable thrown = catchThrowable(() -> parser.parse(kind, node, "default", into));
        if (thrown != null) {
            assertThat(thrown).as("input %s", node).isInstanceOf(InvalidFieldException.class);
        } else {
            assertThat(into.size()).isEqualTo(kind == RecordKind.EVENT ? 2 : 1);
        }
    }

    @Provide
    Arbitrary<JsonNode> jsonish() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, object(value(2))),
                Tuple.of(1, value(2)));
    }

    /** A valid event with one to three fields replaced by arbitrary values. */
    @Provide
    Arbitrary<JsonNode> nearlyValid() {
        Arbitrary<Tuple.Tuple2<String, JsonNode>> change = Combinators.combine(Arbitraries.of(FIELD_NAMES), value(1))
                .as(Tuple::of);
        return change.list().ofMinSize(1).ofMaxSize(3).map(changes -> {
            ObjectNode node = validEvent();
            for (var c : changes) {
                node.set(c.get1(), c.get2());
            }
            return node;
        });
    }

    private Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> scalar = scalar();
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> nested = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar),
                Tuple.of(1, nested.list().ofMaxSize(4).map(items -> {
                    ArrayNode array = NODES.arrayNode();
                    items.forEach(array::add);
                    return (JsonNode) array;
                })),
                Tuple.of(2, object(nested)));
    }

    private Arbitrary<JsonNode> object(Arbitrary<JsonNode> values) {
        Arbitrary<Tuple.Tuple2<String, JsonNode>> entry = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(FIELD_NAMES)),
                        Tuple.of(1, Arbitraries.strings().ofMaxLength(5))),
                values).as(Tuple::of);
        return entry.list().ofMaxSize(10).map(entries -> {
            ObjectNode node = NODES.objectNode();
            entries.forEach(e -> node.set(e.get1(), e.get2()));
            return node;
        });
    }

    private Arbitrary<JsonNode> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.integers().between(-1, 7).map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0, 1e300, 4.5e-320)
                        .map(d -> (JsonNode) DoubleNode.valueOf(d)),
                Arbitraries.of("1e400", "-1e400", "1e-400", "123456789012345678901234567890", "1.763631e9", "1763631000.5")
                        .map(s -> (JsonNode) DecimalNode.valueOf(new BigDecimal(s))),
                Arbitraries.of(BigInteger.TWO.pow(70), BigInteger.TWO.pow(70).negate())
                        .map(b -> (JsonNode) BigIntegerNode.valueOf(b)),
                Arbitraries.longs().between(0, 5_000_000_000L).map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.of("", " ", "\t", "a\u0000b", "\uD800", "accepted", "edited", "reasked", "up", "down",
                        "response", "feedback", "event", "default", "other-project", "2026-11-20T09:30:00Z",
                        "2026-11-20T09:30:00", "2026-11-20", "1999-12-31T23:59:59Z", "+999999999-12-31T23:59:59-18:00",
                        "-999999999-01-01T00:00:00+18:00", "2099-01-01T00:00:00Z", "yesterday")
                        .map(NODES::textNode),
                Arbitraries.of(199, 200, 201, 1_000, 1_001, 10_001).map(n -> (JsonNode) NODES.textNode("x".repeat(n))));
    }

    // ---- valid records round-trip ----------------------------------------------------------

    @Property(tries = 300)
    void parse_validResponse_keepsEveryField(@ForAll("validResponses") ResponseRecord expected) {
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(RecordKind.RESPONSE, toJson(expected), "default", into);
        ResponseRecord parsed = into.responses.get(0);
        String pseudonym = expected.userId() == null ? null : PSEUDONYMIZER.pseudonym(expected.userId());
        assertThat(parsed).isEqualTo(new ResponseRecord(expected.project(), expected.requestId(), expected.timestamp(),
                expected.promptVersion(), expected.model(), expected.userInput(), expected.llmOutput(),
                expected.retrievedContext(), expected.sessionId(), pseudonym, expected.tags()));
    }

    @Property(tries = 300)
    void parse_validFeedback_keepsEveryField(@ForAll("validFeedback") FeedbackRecord expected) {
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(RecordKind.FEEDBACK, toJson(expected), "default", into);
        assertThat(into.feedback).containsExactly(expected);
    }

    @Provide
    Arbitrary<ResponseRecord> validResponses() {
        Arbitrary<String> optionalId = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(2, ids()));
        Arbitrary<List<RetrievedDoc>> docs = Combinators.combine(ids(), text(50).injectNull(0.3),
                Arbitraries.doubles().between(-1, 1).injectNull(0.3)).as(RetrievedDoc::new).list().ofMaxSize(4);
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(ids().filter(s -> s.length() <= 100), text(30))
                .ofMaxSize(5);
        return Combinators.combine(
                Combinators.combine(Arbitraries.of("default", "acme", "team_1.prod-2"), ids(), timestamps(), ids(),
                        optionalId).as(Arrays::<Object>asList),
                Combinators.combine(text(300), text(300), docs, optionalId, optionalId, tags).as(Arrays::<Object>asList))
                .as((a, b) -> new ResponseRecord((String) a.get(0), (String) a.get(1), (Instant) a.get(2),
                        (String) a.get(3), (String) a.get(4), (String) b.get(0), (String) b.get(1),
                        cast(b.get(2)), (String) b.get(3), (String) b.get(4), cast(b.get(5))));
    }

    @Provide
    Arbitrary<FeedbackRecord> validFeedback() {
        Arbitrary<ImplicitSignal> signal = Arbitraries.of(ImplicitSignal.class).injectNull(0.4);
        Arbitrary<Integer> rating = Arbitraries.integers().between(1, 5).injectNull(0.4);
        Arbitrary<Thumbs> thumbs = Arbitraries.of(Thumbs.class).injectNull(0.4);
        return Combinators.combine(ids(), ids(), timestamps(), signal, rating, thumbs, text(200).injectNull(0.5),
                text(200).injectNull(0.5))
                .filter((e, r, t, s, x, th, ed, c) -> s != null || x != null || th != null || c != null)
                .as((e, r, t, s, x, th, ed, c) -> new FeedbackRecord("default", e, r, t, s, x, th, ed, c));
    }

    /** Identifiers: 1-200 characters, not blank, no control characters, anything else allowed. */
    static Arbitrary<String> ids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                .filter(s -> !s.isBlank() && s.chars().noneMatch(Character::isISOControl)
                        && s.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE));
    }

    /** Free text: any characters at all, control characters included. */
    static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().ofMaxLength(maxLength);
    }

    /** Millisecond instants between 2000 and a day after NOW, the accepted range. */
    static Arbitrary<Instant> timestamps() {
        long min = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
        return Arbitraries.longs().between(min, NOW.plusSeconds(86_400).toEpochMilli()).map(Instant::ofEpochMilli);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    static ObjectNode toJson(ResponseRecord r) {
        ObjectNode node = NODES.objectNode();
        node.put("project", r.project());
        node.put("request_id", r.requestId());
        putTimestamp(node, r.timestamp());
        node.put("prompt_version", r.promptVersion());
        if (r.model() != null) {
            node.put("model", r.model());
        }
        node.put("user_input", r.userInput());
        node.put("llm_output", r.llmOutput());
        if (!r.retrievedContext().isEmpty() || r.requestId().length() % 2 == 0) {
            ArrayNode docs = node.putArray("retrieved_context");
            for (RetrievedDoc d : r.retrievedContext()) {
                ObjectNode doc = docs.addObject().put("doc_id", d.docId());
                if (d.text() != null) {
                    doc.put("text", d.text());
                }
                if (d.score() != null) {
                    doc.put("score", d.score());
                }
            }
        }
        if (r.sessionId() != null) {
            node.put("session_id", r.sessionId());
        }
        if (r.userId() != null) {
            node.put("user_id", r.userId());
        }
        if (!r.tags().isEmpty()) {
            ObjectNode tags = node.putObject("tags");
            r.tags().forEach(tags::put);
        }
        return node;
    }

    static ObjectNode toJson(FeedbackRecord f) {
        ObjectNode node = NODES.objectNode();
        node.put("event_id", f.eventId());
        node.put("request_id", f.requestId());
        putTimestamp(node, f.timestamp());
        if (f.implicitSignal() != null) {
            node.put("implicit_signal", f.implicitSignal().wire());
        }
        if (f.explicitRating() != null) {
            node.put("explicit_rating", f.explicitRating());
        }
        if (f.thumbs() != null) {
            node.put("thumbs", f.thumbs().wire());
        }
        if (f.editedOutput() != null) {
            node.put("edited_output", f.editedOutput());
        }
        if (f.comment() != null) {
            node.put("comment", f.comment());
        }
        return node;
    }

    /** Alternates the two accepted forms: ISO-8601 with an offset, and epoch seconds with a fraction. */
    private static void putTimestamp(ObjectNode node, Instant ts) {
        if (ts.toEpochMilli() % 2 == 0) {
            node.put("timestamp", ts.atOffset(ZoneOffset.ofHours(-5)).toString());
        } else {
            node.put("timestamp", BigDecimal.valueOf(ts.toEpochMilli()).movePointLeft(3));
        }
    }

    // ---- ratings ---------------------------------------------------------------------------

    @Property(tries = 300)
    void parse_ratingOutsideOneToFive_isRejectedNamingTheRating(@ForAll long rating, @ForAll boolean asEvent) {
        if (rating >= 1 && rating <= 5) {
            rating = rating + 5;
        }
        if (asEvent) {
            assertRejected(RecordKind.EVENT, validEvent().put("explicit_rating", rating), "explicit_rating");
        } else {
            assertRejected(RecordKind.FEEDBACK, validFeedbackNode().put("explicit_rating", rating), "explicit_rating");
        }
    }

    @Property(tries = 200)
    void parse_fractionalRating_isRejectedNamingTheRating(@ForAll @IntRange(min = 0, max = 6) int whole,
            @ForAll @IntRange(min = 1, max = 99) int hundredths) {
        ObjectNode node = validFeedbackNode();
        node.put("explicit_rating", new BigDecimal(whole + "." + String.format("%02d", hundredths)));
        assertRejected(RecordKind.FEEDBACK, node, "explicit_rating");
    }

    @Property(tries = 20)
    void parse_ratingOneToFive_isKept(@ForAll @IntRange(min = 1, max = 5) int rating) {
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(RecordKind.FEEDBACK, validFeedbackNode().put("explicit_rating", rating), "default", into);
        assertThat(into.feedback.get(0).explicitRating()).isEqualTo(rating);
    }

    // ---- length limits ---------------------------------------------------------------------

    /** Every length-limited field, with the kind it is checked on and its limit. */
    static final Map<String, Integer> LIMITS = limits();

    private static Map<String, Integer> limits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("request_id", RecordParser.MAX_ID);
        limits.put("event_id", RecordParser.MAX_ID);
        limits.put("prompt_version", RecordParser.MAX_ID);
        limits.put("model", RecordParser.MAX_ID);
        limits.put("session_id", RecordParser.MAX_ID);
        limits.put("user_id", RecordParser.MAX_ID);
        limits.put("user_input", RecordParser.MAX_TEXT);
        limits.put("llm_output", RecordParser.MAX_TEXT);
        limits.put("edited_output", RecordParser.MAX_TEXT);
        limits.put("comment", RecordParser.MAX_COMMENT);
        limits.put("project", 64);
        return limits;
    }

    @Property(tries = 200)
    void parse_stringOverItsLimit_isRejectedNamingTheField(@ForAll("limitedFields") String field,
            @ForAll @IntRange(min = 1, max = 300) int excess) {
        ObjectNode node = validEvent().put(field, "a".repeat(LIMITS.get(field) + excess));
        assertRejected(RecordKind.EVENT, node, field);
    }

    @Property(tries = 30)
    void parse_stringAtItsLimit_isAccepted(@ForAll("limitedFields") String field) {
        ObjectNode node = validEvent().put(field, "a".repeat(LIMITS.get(field)));
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(RecordKind.EVENT, node, "default", into);
        assertThat(into.size()).isEqualTo(2);
    }

    @Provide
    Arbitrary<String> limitedFields() {
        return Arbitraries.of(LIMITS.keySet());
    }

    @Property(tries = 100)
    void parse_nestedStringOverItsLimit_isRejectedNamingThePath(@ForAll @IntRange(min = 0, max = 3) int which,
            @ForAll @IntRange(min = 1, max = 100) int excess) throws Exception {
        ObjectNode node = validEvent();
        String expectedField;
        switch (which) {
            case 0 -> {
                node.set("retrieved_context", JSON.readTree("[{\"doc_id\":\"" + "d".repeat(500 + excess) + "\"}]"));
                expectedField = "retrieved_context[0].doc_id";
            }
            case 1 -> {
                node.putArray("retrieved_context").addObject().put("doc_id", "kb-1")
                        .put("text", "t".repeat(RecordParser.MAX_DOC_TEXT + excess));
                expectedField = "retrieved_context[0].text";
            }
            case 2 -> {
                node.putObject("tags").put("env", "v".repeat(RecordParser.MAX_TAG_VALUE + excess));
                expectedField = "tags.env";
            }
            default -> {
                node.putObject("tags").put("k".repeat(RecordParser.MAX_TAG_KEY + excess), "v");
                expectedField = "tags";
            }
        }
        assertRejected(RecordKind.EVENT, node, expectedField);
    }

    @Property(tries = 20)
    void parse_tooManyTagsOrDocuments_isRejected(@ForAll @IntRange(min = 1, max = 20) int excess,
            @ForAll boolean tags) {
        ObjectNode node = validEvent();
        if (tags) {
            ObjectNode t = node.putObject("tags");
            for (int i = 0; i < RecordParser.MAX_TAGS + excess; i++) {
                t.put("k" + i, "v");
            }
        } else {
            ArrayNode docs = node.putArray("retrieved_context");
            for (int i = 0; i < RecordParser.MAX_DOCS + excess; i++) {
                docs.addObject().put("doc_id", "d" + i);
            }
        }
        assertRejected(RecordKind.EVENT, node, tags ? "tags" : "retrieved_context");
    }

    @Property(tries = 100)
    void parse_identifierWithUnpairedSurrogate_isRejected(@ForAll("identifierFields") String field,
            @ForAll @IntRange(min = 0xD800, max = 0xDFFF) int surrogate, @ForAll boolean atEnd) {
        String id = atEnd ? "id-" + (char) surrogate : (char) surrogate + "-id";
        assertRejected(RecordKind.EVENT, validEvent().put(field, id), field);
    }

    @Provide
    Arbitrary<String> identifierFields() {
        return Arbitraries.of("request_id", "event_id", "prompt_version", "model", "session_id", "user_id");
    }

    @Property(tries = 50)
    void parse_identifierWithPairedSurrogates_isKept(@ForAll @IntRange(min = 0x10000, max = 0x10FFFF) int codePoint) {
        String id = "id-" + Character.toString(codePoint);
        RecordParser.BatchBuilder into = new RecordParser.BatchBuilder();
        parser.parse(RecordKind.EVENT, validEvent().put("request_id", id), "default", into);
        assertThat(into.responses.get(0).requestId()).isEqualTo(id);
    }

    @Property(tries = 100)
    void parse_timestampAsEpochMillis_isRejected(@ForAll @LongRange(min = 1_100_000_000_000L,
            max = 1_800_000_000_000L) long millis) {
        assertRejected(RecordKind.FEEDBACK, validFeedbackNode().put("timestamp", millis), "timestamp");
    }

    private void assertRejected(RecordKind kind, JsonNode node, String field) {
        assertThatThrownBy(() -> parser.parse(kind, node, "default", new RecordParser.BatchBuilder()))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));
    }

    /** A valid one-shot event: valid as a feedback too once the response fields are removed. */
    static ObjectNode validEvent() {
        ObjectNode node = NODES.objectNode();
        node.put("request_id", "req-1");
        node.put("prompt_version", "v1");
        node.put("user_input", "how do I reset my password");
        node.put("llm_output", "Open settings and click reset.");
        node.put("implicit_signal", "accepted");
        node.put("timestamp", "2026-11-20T09:30:00Z");
        return node;
    }

    /** The feedback half of {@link #validEvent()}. */
    static ObjectNode validFeedbackNode() {
        ObjectNode node = validEvent();
        node.remove(List.of("prompt_version", "user_input", "llm_output"));
        return node;
    }
}
