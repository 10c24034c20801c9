package dev.feedloop.capture;

import dev.feedloop.store.Thumbs;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Batch;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns client JSON into records, checking every field of docs/records.md. Every rejection is an
 * {@link InvalidFieldException} naming the field and saying what to send instead.
 *
 * <p>Thread-safe: it holds only configuration.
 */
public final class RecordParser {
    static final int MAX_ID = 200;
    static final int MAX_TEXT = 100_000;
    static final int MAX_COMMENT = 10_000;
    static final int MAX_DOCS = 100;
    static final int MAX_DOC_TEXT = 20_000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY = 100;
    static final int MAX_TAG_VALUE = 1_000;
    /** Clocks drift and queues delay; a day of skew is tolerated, more is a client bug. */
    static final Duration MAX_FUTURE = Duration.ofDays(1);
    static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z");

    private static final Set<String> RESPONSE_FIELDS = Set.of("type", "request_id", "timestamp", "project",
            "prompt_version", "model", "user_input", "llm_output", "retrieved_context", "session_id", "user_id", "tags");
    private static final Set<String> FEEDBACK_FIELDS = Set.of("type", "event_id", "request_id", "timestamp", "project",
            "implicit_signal", "explicit_rating", "thumbs", "edited_output", "comment");
    /** Every field of any record: the columns a CSV import may have. */
    static final Set<String> EVENT_FIELDS = Set.of("type", "event_id", "request_id", "timestamp", "project",
            "prompt_version", "model", "user_input", "llm_output", "implicit_signal", "explicit_rating", "thumbs",
            "edited_output", "comment", "retrieved_context", "session_id", "user_id", "tags");

    private final Clock clock;
    private final Pseudonymizer pseudonymizer;

    public RecordParser(Clock clock, Pseudonymizer pseudonymizer) {
        this.clock = clock;
        this.pseudonymizer = pseudonymizer;
    }

    /** The one valid project name pattern, for keys and records alike. */
    public static boolean isValidProject(String project) {
        return dev.feedloop.config.Settings.isValidProject(project);
    }

    /**
     * Parses one item of the given kind into {@code into}.
     *
     * @param defaultProject the caller's project, used when the item names none
     * @throws InvalidFieldException when any field is missing, mistyped or out of range
     */
    public void parse(RecordKind kind, JsonNode node, String defaultProject, BatchBuilder into) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(null, "each item must be a JSON object");
        }
        switch (kind) {
            case RESPONSE -> {
                checkKnownFields(node, RESPONSE_FIELDS);
                into.responses.add(response(node, defaultProject));
            }
            case FEEDBACK -> {
                checkKnownFields(node, FEEDBACK_FIELDS);
                into.feedback.add(feedback(node, defaultProject));
            }
            case EVENT -> {
                checkKnownFields(node, EVENT_FIELDS);
                ResponseRecord response = response(node, defaultProject);
                FeedbackRecord feedback = feedback(node, defaultProject);
                if (!present(node, "event_id")) {
                    // a one-shot event is the single verdict on its response: a retry must count once
                    feedback = new FeedbackRecord(feedback.project(), "event:" + response.requestId(),
                            feedback.requestId(), feedback.timestamp(), feedback.implicitSignal(),
                            feedback.explicitRating(), feedback.thumbs(), feedback.editedOutput(), feedback.comment());
                }
                into.responses.add(response);
                into.feedback.add(feedback);
            }
        }
    }

    private ResponseRecord response(JsonNode node, String defaultProject) {
        Instant now = clock.instant();
        return new ResponseRecord(
                project(node, defaultProject),
                requiredString(node, "request_id", MAX_ID),
                timestamp(node, now),
                requiredString(node, "prompt_version", MAX_ID),
                optionalString(node, "model", MAX_ID),
                requiredText(node, "user_input", MAX_TEXT),
                requiredText(node, "llm_output", MAX_TEXT),
                retrievedContext(node.get("retrieved_context")),
                optionalString(node, "session_id", MAX_ID),
                pseudonymize(optionalString(node, "user_id", MAX_ID)),
                tags(node.get("tags")));
    }

    private FeedbackRecord feedback(JsonNode node, String defaultProject) {
        Instant now = clock.instant();
        String project = project(node, defaultProject);
        String requestId = requiredString(node, "request_id", MAX_ID);
        boolean timed = present(node, "timestamp");
        Instant timestamp = timestamp(node, now);
        ImplicitSignal signal = enumValue(node, "implicit_signal");
        Integer rating = rating(node);
        Thumbs thumbs = thumbs(node);
        String edited = optionalText(node, "edited_output", MAX_TEXT);
        String comment = optionalText(node, "comment", MAX_COMMENT);
        if (signal == null && rating == null && thumbs == null && comment == null) {
            throw new InvalidFieldException("implicit_signal",
                    "feedback needs at least one of implicit_signal, explicit_rating, thumbs or comment");
        }
        String eventId = optionalString(node, "event_id", MAX_ID);
        if (eventId == null) {
            eventId = timed ? derivedEventId(project, requestId, timestamp, signal, rating, thumbs, edited, comment)
                    : UUID.randomUUID().toString();
        }
        return new FeedbackRecord(project, eventId, requestId, timestamp, signal, rating, thumbs, edited, comment);
    }

    /**
     * A retry of the same timestamped event without an id must still count once, so the id is a
     * digest of its content. Without a timestamp two identical signals may be two real clicks.
     */
    private static String derivedEventId(String project, String requestId, Instant ts, ImplicitSignal signal,
            Integer rating, Thumbs thumbs, String edited, String comment) {
        String content = String.join("\u0000", project, requestId, ts.toString(), String.valueOf(signal),
                String.valueOf(rating), String.valueOf(thumbs), String.valueOf(edited), String.valueOf(comment));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "h:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void checkKnownFields(JsonNode node, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = printable(name);
                throw new InvalidFieldException(shown, "unknown field '" + shown + "'; the accepted fields are "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private static String project(JsonNode node, String defaultProject) {
        String project = optionalString(node, "project", 64);
        if (project == null) {
            return defaultProject;
        }
        if (!isValidProject(project)) {
            throw new InvalidFieldException("project",
                    "project must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return project;
    }

    static String requiredString(JsonNode node, String field, int max) {
        String value = optionalString(node, field, max);
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }

    /** An identifier: non-blank, no control characters, at most {@code max} characters. */
    static String optionalString(JsonNode node, String field, int max) {
        String value = optionalText(node, field, max);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidFieldException(field, field + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidFieldException(field, field + " must not contain control characters");
            }
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, int max) {
        String value = optionalText(node, field, max);
        if (value == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value;
    }

    /** Free text: any characters, at most {@code max} of them. */
    static String optionalText(JsonNode node, String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, field + " must be a string, got " + kindOf(value));
        }
        String text = value.textValue();
        if (text.length() > max) {
            throw new InvalidFieldException(field, field + " is " + text.length() + " characters; the limit is " + max);
        }
        checkUnicode(field, field, text);
        return text;
    }

    /**
     * An unpaired surrogate (U+D800 to U+DFFF alone, which JSON can escape) is no character: the
     * database stores it as '?', so text would change and two distinct ids would become one, without a word.
     */
    private static void checkUnicode(String field, String what, String text) {
        int at = unpairedSurrogate(text);
        if (at >= 0) {
            throw new InvalidFieldException(field, what + " must be valid Unicode; it holds an unpaired surrogate ("
                    + escaped(text.charAt(at)) + " at character " + (at + 1) + ")");
        }
    }

    /**
     * The index of the first surrogate not part of a pair, or -1. Ingest runs this over every
     * string: a character outside D800-DFFF, nearly all of them, costs one comparison.
     */
    static int unpairedSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    /** A name the client sent, fit to be echoed in JSON: unpaired surrogates written as backslash-u escapes. */
    private static String printable(String name) {
        if (unpairedSurrogate(name) < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 10);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(name.charAt(i - 1));
            out.append(Character.isSurrogate(c) && !paired ? escaped(c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static String escaped(char c) {
        return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
    }

    private Instant timestamp(JsonNode node, Instant now) {
        JsonNode value = node.get("timestamp");
        if (value == null || value.isNull()) {
            return now;
        }
        Instant ts;
        if (value.isNumber()) {
            // 1e400 parses to an infinite double, which has no BigDecimal value: check it first
            if (!Double.isFinite(value.doubleValue())
                    || value.decimalValue().abs().compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
                throw new InvalidFieldException("timestamp", "timestamp as a number is epoch seconds; "
                        + value + " is out of range (milliseconds?)");
            }
            ts = Instant.ofEpochMilli(value.decimalValue().movePointRight(3).longValue());
        } else if (value.isTextual()) {
            try {
                ts = Timestamps.parse(value.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException("timestamp", Timestamps.invalidTime("timestamp", value.textValue())
                        + ", or epoch seconds as a number");
            }
        } else {
            throw new InvalidFieldException("timestamp", "timestamp must be " + Timestamps.TIME_FORM
                    + ", or epoch seconds as a number; got " + kindOf(value));
        }
        if (ts.isBefore(MIN_TIME)) {
            throw new InvalidFieldException("timestamp", "timestamp " + ts + " is before 2000; check its unit");
        }
        if (ts.isAfter(now.plus(MAX_FUTURE))) {
            throw new InvalidFieldException("timestamp", "timestamp " + ts + " is more than a day in the future");
        }
        return ts;
    }

    private static ImplicitSignal enumValue(JsonNode node, String field) {
        String value = optionalText(node, field, 40);
        if (value == null) {
            return null;
        }
        return ImplicitSignal.fromWire(value).orElseThrow(() -> new InvalidFieldException(field,
                field + " must be one of accepted, edited, regenerated, abandoned, reasked; got '" + shorten(value) + "'"));
    }

    private static Thumbs thumbs(JsonNode node) {
        String value = optionalText(node, "thumbs", 10);
        if (value == null) {
            return null;
        }
        return Thumbs.fromWire(value).orElseThrow(() -> new InvalidFieldException("thumbs",
                "thumbs must be 'up' or 'down'; got '" + shorten(value) + "'"));
    }

    private static Integer rating(JsonNode node) {
        JsonNode value = node.get("explicit_rating");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidFieldException("explicit_rating", "explicit_rating must be an integer 1-5, got " + kindOf(value));
        }
        int rating = value.intValue();
        if (rating < 1 || rating > 5) {
            throw new InvalidFieldException("explicit_rating", "explicit_rating must be 1-5 (1 bad, 5 good), got " + rating);
        }
        return rating;
    }

    private static List<RetrievedDoc> retrievedContext(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidFieldException("retrieved_context", "retrieved_context must be an array of {doc_id, text, score}");
        }
        if (value.size() > MAX_DOCS) {
            throw new InvalidFieldException("retrieved_context", "retrieved_context holds " + value.size()
                    + " documents; the limit is " + MAX_DOCS);
        }
        List<RetrievedDoc> docs = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode doc = value.get(i);
            String prefix = "retrieved_context[" + i + "]";
            if (!doc.isObject()) {
                throw new InvalidFieldException(prefix, prefix + " must be an object {doc_id, text, score}");
            }
            Iterator<String> names = doc.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!Set.of("doc_id", "text", "score").contains(name)) {
                    String shown = printable(name);
                    throw new InvalidFieldException(prefix + "." + shown, "unknown field '" + shown + "' in " + prefix);
                }
            }
            String docId = nested(() -> requiredString(doc, "doc_id", 500), prefix);
            String text = nested(() -> optionalText(doc, "text", MAX_DOC_TEXT), prefix);
            docs.add(new RetrievedDoc(docId, text, score(doc.get("score"), prefix)));
        }
        return docs;
    }

    private static Double score(JsonNode value, String prefix) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new InvalidFieldException(prefix + ".score", prefix + ".score must be a finite number");
        }
        return value.doubleValue();
    }

    private static <T> T nested(java.util.function.Supplier<T> read, String prefix) {
        try {
            return read.get();
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(prefix + "." + e.field(), prefix + "." + e.getMessage());
        }
    }

    private static Map<String, String> tags(JsonNode value) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidFieldException("tags", "tags must be an object of string to string");
        }
        if (value.size() > MAX_TAGS) {
            throw new InvalidFieldException("tags", "tags holds " + value.size() + " entries; the limit is " + MAX_TAGS);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > MAX_TAG_KEY) {
                throw new InvalidFieldException("tags", "tag names must be 1-" + MAX_TAG_KEY + " characters");
            }
            checkUnicode("tags", "tag names", key);
            if (!entry.getValue().isTextual()) {
                throw new InvalidFieldException("tags." + key, "tag '" + shorten(key) + "' must be a string, got "
                        + kindOf(entry.getValue()));
            }
            if (entry.getValue().textValue().length() > MAX_TAG_VALUE) {
                throw new InvalidFieldException("tags." + key, "tag values are limited to " + MAX_TAG_VALUE + " characters");
            }
            checkUnicode("tags." + key, "tag '" + shorten(key) + "'", entry.getValue().textValue());
            tags.put(key, entry.getValue().textValue());
        }
        return tags;
    }

    private String pseudonymize(String userId) {
        return userId == null ? null : pseudonymizer.pseudonym(userId);
    }

    private static String kindOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> "null";
        };
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** Collects the valid records of one request or file chunk. */
    public static final class BatchBuilder {
        final List<ResponseRecord> responses = new ArrayList<>();
        final List<FeedbackRecord> feedback = new ArrayList<>();

        public Batch build() {
            return new Batch(responses, feedback);
        }

        public int size() {
            return responses.size() + feedback.size();
        }
    }
}
