package dev.feedloop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.capture.otlp.MalformedOtlpException;
import dev.feedloop.capture.otlp.OtlpCodec;
import dev.feedloop.capture.otlp.TraceIngestor;
import dev.feedloop.capture.otlp.TraceReport;
import dev.feedloop.store.StoreException;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces}: an OTLP/HTTP trace receiver (https://opentelemetry.io/docs/specs/otlp/#otlphttp).
 * Binary protobuf or JSON, optionally gzip-compressed; the answer is an ExportTraceServiceResponse
 * in the request's encoding, with {@code partial_success} counting GenAI spans that failed
 * validation. Errors follow OTLP too: a {@code google.rpc.Status} for a protobuf request, the
 * house's JSON error for any other.
 */
final class TracesRoute {
    static final String PATH = "/v1/traces";
    private static final Logger LOG = LoggerFactory.getLogger(TracesRoute.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON_TYPE = "application/json";

    /** What the route needs from the server: the caller's project (after the key check) and the raw body. */
    interface Door {
        /** @throws ApiError 401 or 403 when the key is missing, unknown or of the wrong scope */
        String project(Context ctx);

        /** @throws ApiError 413 over the body limit */
        byte[] body(Context ctx);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final TraceIngestor ingestor;
    private final Metrics metrics;
    private final long maxBodyBytes;
    private final Door door;

    TracesRoute(TraceIngestor ingestor, Metrics metrics, long maxBodyBytes, Door door) {
        this.ingestor = ingestor;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.door = door;
    }

    void handle(Context ctx) {
        long start = System.nanoTime();
        boolean protobuf = isType(ctx.contentType(), PROTOBUF);
        ExportTraceServiceRequest request;
        String project;
        try {
            project = door.project(ctx);
            request = decode(ctx, protobuf);
        } catch (ApiError e) {
            if (e.status() != 401 && e.status() != 403) {
                metrics.rejected(PATH, e.code(), 1);
            }
            fail(ctx, protobuf, e.status(), e.code(), e.field(), e.getMessage(), start);
            return;
        }
        ctx.future(() -> ingest(request, project).handle((report, failure) -> {
            if (failure != null) {
                failed(ctx, protobuf, failure, start);
            } else {
                answer(ctx, protobuf, report);
                metrics.observe(PATH, ctx.statusCode(), (System.nanoTime() - start) / 1e9);
            }
            return null;
        }));
    }

    /** The write's future; a failure before it starts (the writer has stopped) completes it exceptionally too. */
    private CompletableFuture<TraceReport> ingest(ExportTraceServiceRequest request, String project) {
        try {
            return ingestor.ingestAsync(request, project);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ExportTraceServiceRequest decode(Context ctx, boolean protobuf) {
        if (!protobuf && !isType(ctx.contentType(), JSON_TYPE)) {
            throw new ApiError(415, "unsupported_media_type", null, "send OTLP with the header Content-Type: "
                    + PROTOBUF + " (binary protobuf) or " + JSON_TYPE + " (OTLP/JSON)");
        }
        byte[] body = decompress(ctx, door.body(ctx));
        try {
            return protobuf ? OtlpCodec.parseProtobuf(body) : OtlpCodec.parseJson(body);
        } catch (MalformedOtlpException e) {
            throw new ApiError(400, "malformed_otlp", null, e.getMessage());
        }
    }

    private byte[] decompress(Context ctx, byte[] body) {
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!encoding.trim().equalsIgnoreCase("gzip")) {
            throw new ApiError(415, "unsupported_encoding", null, "Content-Encoding '" + shorten(encoding)
                    + "' is not supported; send the body uncompressed or with Content-Encoding: gzip");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            // the limit holds for what is stored, not only for what crossed the wire: no zip bombs
            byte[] inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (inflated.length > maxBodyBytes) {
                throw new ApiError(413, "body_too_large", null, "the body is over the limit of " + maxBodyBytes
                        + " bytes once decompressed; send smaller batches");
            }
            return inflated;
        } catch (IOException e) {
            throw new ApiError(400, "malformed_otlp", null,
                    "the body is not valid gzip (it was sent with Content-Encoding: gzip): " + e.getMessage());
        }
    }

    private void answer(Context ctx, boolean protobuf, TraceReport report) {
        metrics.spans(report.received(), report.ignored());
        metrics.ingested(PATH, report.stored(), report.duplicates());
        report.rejected().forEach(r -> metrics.rejected(PATH, r.rejection().error(), 1));
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (!report.rejected().isEmpty()) {
            LOG.debug("{} of the GenAI spans of an export were rejected", report.rejected().size());
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(report.rejected().size()).setErrorMessage(report.errorMessage()));
        }
        ctx.status(200).contentType(protobuf ? PROTOBUF : JSON_TYPE)
                .result(protobuf ? OtlpCodec.protobuf(response.build()) : OtlpCodec.json(response.build()));
    }

    private void failed(Context ctx, boolean protobuf, Throwable failure, long start) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StoreException) {
            LOG.error("storage failure on POST {}", PATH, cause);
            fail(ctx, protobuf, 503, "storage_unavailable", null, "the database is unavailable; retry later", start);
        } else {
            LOG.error("unexpected failure on POST {}", PATH, cause);
            fail(ctx, protobuf, 500, "internal_error", null, "unexpected server error; it has been logged", start);
        }
    }

    private void fail(Context ctx, boolean protobuf, int status, String code, String field, String message, long start) {
        if (protobuf) {
            ctx.status(status).contentType(PROTOBUF).result(OtlpCodec.status(grpcCode(status), message));
        } else {
            ObjectNode out = json.createObjectNode();
            out.put("error", code);
            out.put("field", field);
            out.put("message", message);
            ctx.status(status).contentType(JSON_TYPE).result(out.toString());
        }
        metrics.observe(PATH, status, (System.nanoTime() - start) / 1e9);
    }

    /** The gRPC code of google.rpc.Status for an HTTP status (the gRPC-HTTP mapping, inverted). */
    static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> 3;   // INVALID_ARGUMENT
            case 401 -> 16;       // UNAUTHENTICATED
            case 403 -> 7;        // PERMISSION_DENIED
            case 413 -> 8;        // RESOURCE_EXHAUSTED
            case 503 -> 14;       // UNAVAILABLE
            default -> 13;        // INTERNAL
        };
    }

    private static boolean isType(String contentType, String type) {
        if (contentType == null) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT).trim();
        return lower.startsWith(type) && (lower.length() == type.length() || lower.charAt(type.length()) == ';'
                || lower.charAt(type.length()) == ' ');
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
