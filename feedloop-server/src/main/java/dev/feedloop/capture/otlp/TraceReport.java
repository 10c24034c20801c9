package dev.feedloop.capture.otlp;

import dev.feedloop.capture.Rejection;
import java.util.List;

/**
 * The outcome of one trace export.
 *
 * @param received   every span in the export
 * @param ignored    spans that are not GenAI calls (agents, tools, retrievers, HTTP, ...)
 * @param stored     calls stored as new responses
 * @param duplicates calls already stored (an exporter's retry), stored once
 * @param rejected   calls that failed validation; {@link SpanRejection#spanId()} names each
 */
public record TraceReport(int received, int ignored, int stored, int duplicates, List<SpanRejection> rejected) {
    /** At most this many reasons are spelt out in {@link #errorMessage()}; the count covers the rest. */
    static final int SHOWN = 3;

    public TraceReport {
        rejected = List.copyOf(rejected);
    }

    /** One call span refused, with the parser's reason. */
    public record SpanRejection(String spanId, Rejection rejection) {
    }

    /**
     * The developer-facing sentence for OTLP's {@code partial_success.error_message}: how many
     * calls were refused and the first reasons, each with its span id; empty when none was.
     */
    public String errorMessage() {
        if (rejected.isEmpty()) {
            return "";
        }
        int calls = received - ignored;
        StringBuilder out = new StringBuilder();
        out.append(rejected.size()).append(" of ").append(calls).append(" GenAI span")
                .append(calls == 1 ? " was" : "s were").append(" not stored");
        for (int i = 0; i < Math.min(SHOWN, rejected.size()); i++) {
            SpanRejection r = rejected.get(i);
            out.append(i == 0 ? ": " : "; ").append("span ").append(r.spanId()).append(": ")
                    .append(r.rejection().message());
        }
        if (rejected.size() > SHOWN) {
            out.append("; and ").append(rejected.size() - SHOWN).append(" more");
        }
        return out.toString();
    }
}
