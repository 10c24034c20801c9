package dev.feedloop.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.client.Feedback;
import dev.feedloop.client.Response;
import dev.feedloop.client.RetrievedDoc;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes events in the snake_case shape of docs/records.md and reads the server's answers.
 *
 * <p>Written by hand rather than by annotations so the public records stay free of Jackson and
 * the wire names sit in one place. Null fields and empty collections are left out.
 */
final class JsonCodec {

  /** Longest server message we log; the server's messages are for humans, not payload dumps. */
  private static final int MAX_MESSAGE_CHARS = 300;

  private final ObjectMapper mapper = new ObjectMapper();

  /** A JSON array of the events' payloads, all of one route. */
  byte[] encode(List<QueueItem.Event> events) {
    ArrayNode array = mapper.createArrayNode();
    for (QueueItem.Event e : events) {
      array.add(toJson(e.payload()));
    }
    try {
      return mapper.writeValueAsBytes(array);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers cannot fail to serialise; if it does, it is our bug.
      throw new IllegalStateException("could not encode a batch of " + events.size() + " events", e);
    }
  }

  ObjectNode toJson(Object payload) {
    if (payload instanceof Response r) {
      return toJson(r);
    }
    if (payload instanceof Feedback f) {
      return toJson(f);
    }
    throw new IllegalArgumentException("not a Feedloop event: " + payload.getClass().getName());
  }

  ObjectNode toJson(Response r) {
    ObjectNode o = mapper.createObjectNode();
    o.put("request_id", r.requestId());
    putTime(o, r.timestamp());
    putIfPresent(o, "project", r.project());
    o.put("prompt_version", r.promptVersion());
    putIfPresent(o, "model", r.model());
    o.put("user_input", r.userInput());
    o.put("llm_output", r.llmOutput());
    if (!r.retrievedContext().isEmpty()) {
      ArrayNode docs = o.putArray("retrieved_context");
      for (RetrievedDoc d : r.retrievedContext()) {
        ObjectNode doc = docs.addObject();
        doc.put("doc_id", d.docId());
        putIfPresent(doc, "text", d.text());
        if (d.score() != null) {
          doc.put("score", d.score());
        }
      }
    }
    putIfPresent(o, "session_id", r.sessionId());
    putIfPresent(o, "user_id", r.userId());
    if (!r.tags().isEmpty()) {
      ObjectNode tags = o.putObject("tags");
      for (Map.Entry<String, String> t : r.tags().entrySet()) {
        tags.put(t.getKey(), t.getValue());
      }
    }
    return o;
  }

  ObjectNode toJson(Feedback f) {
    ObjectNode o = mapper.createObjectNode();
    o.put("event_id", f.eventId());
    o.put("request_id", f.requestId());
    putTime(o, f.timestamp());
    if (f.implicitSignal() != null) {
      o.put("implicit_signal", f.implicitSignal().jsonValue());
    }
    if (f.explicitRating() != null) {
      o.put("explicit_rating", f.explicitRating());
    }
    if (f.thumbs() != null) {
      o.put("thumbs", f.thumbs().jsonValue());
    }
    putIfPresent(o, "edited_output", f.editedOutput());
    putIfPresent(o, "comment", f.comment());
    return o;
  }

  /**
   * Reads {@code {"stored": n, "duplicates": n, "rejected": [{"index": i, ...}]}}; missing
   * fields read as zero or empty so an older or terser server still works.
   *
   * @throws IOException if the body is not a JSON object
   */
  Ack decodeAck(byte[] body) throws IOException {
    JsonNode root = mapper.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("acknowledgement is not a JSON object");
    }
    List<Ack.Rejection> rejected = new ArrayList<>();
    for (JsonNode r : root.path("rejected")) {
      if (r.path("index").canConvertToInt()) {
        rejected.add(new Ack.Rejection(r.path("index").asInt(), text(r, "error"), text(r, "field"),
            clean(text(r, "message"))));
      }
    }
    return new Ack(root.path("stored").asInt(0), root.path("duplicates").asInt(0), rejected);
  }

  /** The server's {@code message} (or {@code error}) from an error body, cleaned for a log line. */
  String serverMessage(byte[] body) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root != null && root.isObject()) {
        String message = text(root, "message");
        return clean(message != null ? message : text(root, "error"));
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page, say): we do not echo bodies we cannot vouch for.
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Drops control characters (log forging) and truncates. */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    String flat = s.replaceAll("\\p{Cntrl}", " ").strip();
    return flat.length() <= MAX_MESSAGE_CHARS ? flat : flat.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  private static void putIfPresent(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static void putTime(ObjectNode o, Instant t) {
    if (t != null) {
      o.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(t));
    }
  }
}
