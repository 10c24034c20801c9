package dev.feedloop.capture.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.feedloop.capture.IngestReport;
import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.RecordKind;
import dev.feedloop.capture.Rejection;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stores the GenAI calls of an OTLP trace export as responses: each call span becomes the JSON
 * record a client would have posted to {@code /v1/responses} (see {@link GenAiSpans}) and goes
 * through the same {@link Ingestor}, so it is validated by the same rules and stored idempotently
 * by its request id, the span id in lowercase hex.
 *
 * <pre>{@code
 * TraceReport report = new TraceIngestor(ingestor).ingestAsync(OtlpCodec.parseProtobuf(body), "shop").join();
 * }</pre>
 */
public final class TraceIngestor {
    /**
     * What to send when the parser misses a field a span should have carried: the attributes the
     * field is read from. Instrumentations leave message content out unless asked to record it.
     */
    private static final Map<String, String> HINTS = Map.of(
            "user_input", "; the span carries no prompt text (gen_ai.input.messages, gen_ai.prompt.N.content,"
                    + " a gen_ai.content.prompt event, llm.input_messages.N.message.content or input.value):"
                    + " turn on the instrumentation's message content capture,"
                    + " e.g. OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true",
            "llm_output", "; the span carries no completion text (gen_ai.output.messages, gen_ai.completion.N.content,"
                    + " a gen_ai.content.completion event, llm.output_messages.N.message.content or output.value):"
                    + " turn on the instrumentation's message content capture",
            "prompt_version", "; set the span attribute feedloop.prompt_version, or the resource attribute"
                    + " service.version (OTEL_SERVICE_VERSION or OTEL_RESOURCE_ATTRIBUTES=service.version=...)");

    private final Ingestor ingestor;

    public TraceIngestor(Ingestor ingestor) {
        this.ingestor = ingestor;
    }

    /**
     * Stores the export's GenAI calls without holding the caller's thread while they commit; the
     * future completes once they are on disk. An export may hold more calls than one ingest call
     * takes ({@link Ingestor#MAX_ITEMS}; a collector's batch can be 8,192 spans): they are
     * written in chunks, each chunk durable on its own.
     *
     * @param project the project of the caller's key
     */
    public CompletableFuture<TraceReport> ingestAsync(ExportTraceServiceRequest request, String project) {
        GenAiSpans.Mapped mapped = GenAiSpans.map(request);
        ArrayNode records = mapped.records();
        List<CompletableFuture<IngestReport>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += Ingestor.MAX_ITEMS) {
            ArrayNode chunk = JsonNodeFactory.instance.arrayNode();
            for (int i = from; i < Math.min(records.size(), from + Ingestor.MAX_ITEMS); i++) {
                chunk.add(records.get(i));
            }
            chunks.add(ingestor.ingestAsync(RecordKind.RESPONSE, chunk, project));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                .thenApply(done -> report(mapped, chunks));
    }

    private static TraceReport report(GenAiSpans.Mapped mapped, List<CompletableFuture<IngestReport>> chunks) {
        int stored = 0;
        int duplicates = 0;
        List<TraceReport.SpanRejection> rejected = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            IngestReport report = chunks.get(c).join();
            stored += report.stored();
            duplicates += report.duplicates();
            for (Rejection r : report.rejected()) {
                int index = c * Ingestor.MAX_ITEMS + (int) r.index();
                rejected.add(new TraceReport.SpanRejection(mapped.spanIds().get(index), withHint(r, index)));
            }
        }
        return new TraceReport(mapped.received(), mapped.ignored(), stored, duplicates, rejected);
    }

    private static Rejection withHint(Rejection r, int index) {
        String hint = HINTS.get(r.field());
        boolean missing = r.message().equals(r.field() + " is required");
        return new Rejection(index, r.error(), r.field(), missing && hint != null ? r.message() + hint : r.message());
    }
}
