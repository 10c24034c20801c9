package dev.feedloop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.capture.IngestReport;
import dev.feedloop.capture.Rejection;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import java.util.List;
import java.util.Map;

/** Records in their wire shape (docs/records.md, snake_case). */
public final class Views {
    private Views() {
    }

    /**
     * The JSON text of an ingest report. Without rejections, the common answer, it is written
     * directly: building and serialising a tree for it was a tenth of the server's allocation.
     */
    public static String report(ObjectMapper json, IngestReport report) {
        if (report.rejected().isEmpty()) {
            return "{\"stored\":" + report.stored() + ",\"duplicates\":" + report.duplicates() + ",\"rejected\":[]}";
        }
        return reportTree(json, report).toString();
    }

    static ObjectNode reportTree(ObjectMapper json, IngestReport report) {
        ObjectNode out = json.createObjectNode();
        out.put("stored", report.stored());
        out.put("duplicates", report.duplicates());
        out.set("rejected", rejections(json, report.rejected(), "index"));
        return out;
    }

    public static ArrayNode rejections(ObjectMapper json, List<Rejection> rejected, String positionName) {
        ArrayNode list = json.createArrayNode();
        for (Rejection r : rejected) {
            ObjectNode item = list.addObject();
            item.put(positionName, r.index());
            item.put("error", r.error());
            item.put("field", r.field());
            item.put("message", r.message());
        }
        return list;
    }

    public static ObjectNode response(ObjectMapper json, StoredResponse stored, List<StoredFeedback> feedback) {
        ResponseRecord r = stored.record();
        ObjectNode out = json.createObjectNode();
        out.put("request_id", r.requestId());
        out.put("timestamp", r.timestamp().toString());
        out.put("project", r.project());
        out.put("prompt_version", r.promptVersion());
        putIfPresent(out, "model", r.model());
        out.put("user_input", r.userInput());
        out.put("llm_output", r.llmOutput());
        if (!r.retrievedContext().isEmpty()) {
            ArrayNode docs = out.putArray("retrieved_context");
            for (RetrievedDoc d : r.retrievedContext()) {
                ObjectNode doc = docs.addObject();
                doc.put("doc_id", d.docId());
                putIfPresent(doc, "text", d.text());
                if (d.score() != null) {
                    doc.put("score", d.score());
                }
            }
        }
        putIfPresent(out, "session_id", r.sessionId());
        putIfPresent(out, "user_id", r.userId());
        if (!r.tags().isEmpty()) {
            ObjectNode tags = out.putObject("tags");
            for (Map.Entry<String, String> e : r.tags().entrySet()) {
                tags.put(e.getKey(), e.getValue());
            }
        }
        out.put("reasked", stored.reasked());
        ArrayNode events = out.putArray("feedback");
        for (StoredFeedback f : feedback) {
            events.add(feedback(json, f));
        }
        return out;
    }

    public static ObjectNode feedback(ObjectMapper json, StoredFeedback stored) {
        FeedbackRecord f = stored.record();
        ObjectNode out = json.createObjectNode();
        out.put("event_id", f.eventId());
        out.put("request_id", f.requestId());
        out.put("timestamp", f.timestamp().toString());
        if (f.implicitSignal() != null) {
            out.put("implicit_signal", f.implicitSignal().wire());
        }
        if (f.explicitRating() != null) {
            out.put("explicit_rating", f.explicitRating());
        }
        if (f.thumbs() != null) {
            out.put("thumbs", f.thumbs().wire());
        }
        putIfPresent(out, "edited_output", f.editedOutput());
        if (stored.editMagnitude() != null) {
            out.put("edit_magnitude", stored.editMagnitude());
        }
        putIfPresent(out, "comment", f.comment());
        return out;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
