package dev.feedloop.capture.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the GenAI call spans of a trace export into response records in their JSON wire shape
 * (docs/records.md), so that they enter through the same parser and rules as {@code POST
 * /v1/responses}. A value the span lacks is left out, and the parser's "is required" names it.
 *
 * <p>Which span is a call: OpenInference's {@code openinference.span.kind} {@code LLM}; else a
 * {@code gen_ai.operation.name} of {@code chat}, {@code text_completion} or {@code generate_content};
 * else, for instrumentations older than the operation name, any {@code gen_ai.system},
 * {@code gen_ai.provider.name}, model, prompt or completion attribute or content event, unless
 * OpenLLMetry's {@code llm.request.type} says embedding or rerank. Agents, tools, chains,
 * embeddings and retrievers are not calls whose output a user saw; they are counted and ignored.
 */
final class GenAiSpans {
    private static final Set<String> CALL_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    private static final Set<String> NOT_CALLS = Set.of("embedding", "embeddings", "rerank");
    private static final HexFormat HEX = HexFormat.of();

    /** The records of one export: {@code records[i]} came from the span {@code spanIds[i]}. */
    record Mapped(ArrayNode records, List<String> spanIds, int received, int ignored) {
    }

    private GenAiSpans() {
    }

    static Mapped map(ExportTraceServiceRequest request) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Map<ByteString, List<Retrievals.Retrieval>> retrievals = Retrievals.byTrace(request);
        ArrayNode records = nodes.arrayNode();
        List<String> spanIds = new ArrayList<>();
        int received = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Attributes resource = Attributes.of(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    received++;
                    Attributes attributes = Attributes.of(span.getAttributesList());
                    if (isCall(span, attributes)) {
                        records.add(record(span, attributes, resource,
                                retrievals.getOrDefault(span.getTraceId(), List.of()), nodes));
                        spanIds.add(HEX.formatHex(span.getSpanId().toByteArray()));
                    }
                }
            }
        }
        return new Mapped(records, spanIds, received, received - records.size());
    }

    static boolean isCall(Span span, Attributes a) {
        String kind = a.string("openinference.span.kind");
        if (kind != null) {
            return kind.equalsIgnoreCase("LLM");
        }
        String operation = a.string("gen_ai.operation.name");
        if (operation != null) {
            return CALL_OPERATIONS.contains(operation);
        }
        String requestType = a.string("llm.request.type");
        if (requestType != null && NOT_CALLS.contains(requestType)) {
            return false;
        }
        if (a.has("gen_ai.system") || a.has("gen_ai.provider.name") || a.has("gen_ai.request.model")
                || a.has("gen_ai.response.model") || a.has("gen_ai.input.messages") || a.has("gen_ai.output.messages")
                || a.has("gen_ai.prompt.0.content") || a.has("gen_ai.completion.0.content") || a.has("llm.model_name")) {
            return true;
        }
        return span.getEventsList().stream().anyMatch(e -> e.getName().startsWith("gen_ai.content."));
    }

    private static ObjectNode record(Span span, Attributes a, Attributes resource,
            List<Retrievals.Retrieval> retrievals, JsonNodeFactory nodes) {
        ObjectNode record = nodes.objectNode();
        record.put("request_id", HEX.formatHex(span.getSpanId().toByteArray()));
        long end = span.getEndTimeUnixNano() != 0 ? span.getEndTimeUnixNano() : span.getStartTimeUnixNano();
        // fixed64 nanoseconds since 1970; the parser refuses times before 2000 or in the future
        record.put("timestamp", Instant.ofEpochSecond(0, end).toString());
        putIfPresent(record, "prompt_version", a.first("feedloop.prompt_version", "llm.prompt_template.version"),
                resource.string("service.version"));
        // the model that answered before the alias asked for: a provider moving an alias shows as a model change
        putIfPresent(record, "model", a.first("gen_ai.response.model", "gen_ai.request.model", "llm.model_name"), null);
        putIfPresent(record, "user_input", Content.input(span, a), null);
        putIfPresent(record, "llm_output", Content.output(span, a), null);
        putIfPresent(record, "session_id", a.first("session.id", "gen_ai.conversation.id"), resource.string("session.id"));
        putIfPresent(record, "user_id", a.string("user.id"), null);
        ArrayNode docs = Retrievals.documentsFor(span, retrievals, nodes);
        if (!docs.isEmpty()) {
            record.set("retrieved_context", docs);
        }
        if (!span.getTraceId().isEmpty()) {
            // to find the whole trace in the tracing backend from a pattern's example
            record.putObject("tags").put("trace_id", HEX.formatHex(span.getTraceId().toByteArray()));
        }
        return record;
    }

    private static void putIfPresent(ObjectNode record, String field, String value, String fallback) {
        String chosen = value != null ? value : fallback;
        if (chosen != null) {
            record.put(field, chosen);
        }
    }
}
