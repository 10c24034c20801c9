package dev.feedloop.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes responses and feedback as JSONL in the import format of docs/records.md: one object a
 * line, {@code "type"} first, snake_case fields in a fixed order, absent optional fields omitted,
 * timestamps as ISO-8601 UTC strings.
 */
public final class JsonlSink implements EventSink, Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Writer responses;
    private final Writer feedback;

    public JsonlSink(Writer responses, Writer feedback) {
        this.responses = responses;
        this.feedback = feedback;
    }

    /** Creates (or truncates) the two files. */
    public static JsonlSink open(Path responsesFile, Path feedbackFile) throws IOException {
        BufferedWriter r = Files.newBufferedWriter(responsesFile, StandardCharsets.UTF_8);
        try {
            return new JsonlSink(r, Files.newBufferedWriter(feedbackFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            r.close();
            throw e;
        }
    }

    @Override
    public void response(SimResponse r) throws IOException {
        try (JsonGenerator g = generator(responses)) {
            g.writeStartObject();
            g.writeStringField("type", "response");
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("timestamp", r.timestamp().toString());
            g.writeStringField("project", r.project());
            g.writeStringField("prompt_version", r.promptVersion());
            g.writeStringField("model", r.model());
            g.writeStringField("user_input", r.userInput());
            g.writeStringField("llm_output", r.llmOutput());
            g.writeArrayFieldStart("retrieved_context");
            for (RetrievedDoc doc : r.retrievedContext()) {
                g.writeStartObject();
                g.writeStringField("doc_id", doc.docId());
                g.writeStringField("text", doc.text());
                g.writeNumberField("score", doc.score());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("session_id", r.sessionId());
            g.writeStringField("user_id", r.userId());
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                g.writeStringField(tag.getKey(), tag.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        responses.write('\n');
    }

    @Override
    public void feedback(SimFeedback f) throws IOException {
        try (JsonGenerator g = generator(feedback)) {
            g.writeStartObject();
            g.writeStringField("type", "feedback");
            g.writeStringField("event_id", f.eventId());
            g.writeStringField("request_id", f.requestId());
            g.writeStringField("timestamp", f.timestamp().toString());
            optional(g, "implicit_signal", f.implicitSignal());
            if (f.explicitRating() != null) {
                g.writeNumberField("explicit_rating", f.explicitRating());
            }
            optional(g, "thumbs", f.thumbs());
            optional(g, "edited_output", f.editedOutput());
            optional(g, "comment", f.comment());
            g.writeEndObject();
        }
        feedback.write('\n');
    }

    private static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    @Override
    public void close() throws IOException {
        try (responses) {
            feedback.close();
        }
    }
}
