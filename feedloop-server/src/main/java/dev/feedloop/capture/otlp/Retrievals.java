package dev.feedloop.capture.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents retriever spans found, to become the {@code retrieved_context} of the calls in
 * their trace. A retriever is OpenInference's {@code openinference.span.kind} {@code RETRIEVER},
 * its documents {@code retrieval.documents.N.document.id / content / score}. A call gets the
 * documents of the retrievers of its trace, in the same export, that started before it ended
 * (a retrieval after the answer cannot have fed it), in the order they started.
 */
final class Retrievals {
    /** One retriever span: when it started and what it found. */
    record Retrieval(long startNanos, List<Map<String, String>> documents) {
    }

    private Retrievals() {
    }

    static Map<ByteString, List<Retrieval>> byTrace(ExportTraceServiceRequest request) {
        Map<ByteString, List<Retrieval>> byTrace = new HashMap<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    if (!isRetriever(span)) {
                        continue;
                    }
                    Attributes a = Attributes.of(span.getAttributesList());
                    TreeMap<Integer, Map<String, String>> docs = a.indexed("retrieval.documents.");
                    if (!docs.isEmpty()) {
                        byTrace.computeIfAbsent(span.getTraceId(), t -> new ArrayList<>())
                                .add(new Retrieval(span.getStartTimeUnixNano(), new ArrayList<>(docs.values())));
                    }
                }
            }
        }
        byTrace.values().forEach(list -> list.sort(Comparator.comparingLong(Retrieval::startNanos)));
        return byTrace;
    }

    private static boolean isRetriever(Span span) {
        for (var kv : span.getAttributesList()) {
            if (kv.getKey().equals("openinference.span.kind")) {
                return kv.getValue().getStringValue().equalsIgnoreCase("RETRIEVER");
            }
        }
        return false;
    }

    /**
     * The call's documents as {@code {doc_id, text, score}} objects. A document without an id
     * gets one from its content ({@code sha256:<16 hex>}), so that the same passage counts as the
     * same document across calls; one with neither is skipped, as there is nothing to say of it.
     * A score that is not a number is passed on as text, for the parser to refuse by name.
     */
    static ArrayNode documentsFor(Span call, List<Retrieval> retrievals, JsonNodeFactory nodes) {
        ArrayNode docs = nodes.arrayNode();
        long end = call.getEndTimeUnixNano() != 0 ? call.getEndTimeUnixNano() : Long.MAX_VALUE;
        for (Retrieval retrieval : retrievals) {
            if (Long.compareUnsigned(retrieval.startNanos(), end) > 0) {
                continue;
            }
            for (Map<String, String> doc : retrieval.documents()) {
                String id = doc.get("document.id");
                String content = doc.get("document.content");
                if (id == null && content == null) {
                    continue;
                }
                ObjectNode out = docs.addObject();
                out.put("doc_id", id != null ? id : contentId(content));
                if (content != null) {
                    out.put("text", content);
                }
                String score = doc.get("document.score");
                if (score != null) {
                    try {
                        out.put("score", Double.parseDouble(score));
                    } catch (NumberFormatException e) {
                        out.put("score", score);
                    }
                }
            }
        }
        return docs;
    }

    private static String contentId(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
