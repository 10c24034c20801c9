package dev.feedloop.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The server's Prometheus metrics: what was ingested, rejected, duplicated, and request latency. */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter ingested = Counter.builder().name("feedloop_ingested_total")
            .help("Records stored, by route").labelNames("route").register(registry);
    private final Counter duplicates = Counter.builder().name("feedloop_duplicates_total")
            .help("Records already stored (idempotent retries), by route").labelNames("route").register(registry);
    private final Counter rejected = Counter.builder().name("feedloop_rejected_total")
            .help("Items or requests refused, by route and reason").labelNames("route", "reason").register(registry);
    private final Counter spansReceived = Counter.builder().name("feedloop_otlp_spans_received_total")
            .help("Spans received on /v1/traces, GenAI calls or not").register(registry);
    private final Counter spansIgnored = Counter.builder().name("feedloop_otlp_spans_ignored_total")
            .help("Spans on /v1/traces that are not GenAI calls (agents, tools, retrievers, HTTP), not stored")
            .register(registry);
    private final Histogram latency = Histogram.builder().name("feedloop_http_request_duration_seconds")
            .help("HTTP request latency, by route and status").labelNames("route", "status")
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);

    void ingested(String route, int stored, int duplicate) {
        ingested.labelValues(route).inc(stored);
        duplicates.labelValues(route).inc(duplicate);
    }

    void rejected(String route, String reason, int count) {
        rejected.labelValues(route, reason).inc(count);
    }

    void spans(int received, int ignored) {
        spansReceived.inc(received);
        spansIgnored.inc(ignored);
    }

    void observe(String route, int status, double seconds) {
        latency.labelValues(route, Integer.toString(status)).observe(seconds);
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
