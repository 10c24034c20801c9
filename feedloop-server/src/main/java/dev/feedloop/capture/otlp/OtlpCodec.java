package dev.feedloop.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.feedloop.capture.JsonProblem;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads and writes OTLP/HTTP trace messages in both encodings of the specification
 * (https://opentelemetry.io/docs/specs/otlp/#otlphttp), with the published protobuf classes.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with one difference that matters here: trace and span
 * ids are hex strings, where the mapping (and so {@link JsonFormat}) wants base64 for bytes fields.
 * A 32-digit hex id is also valid base64 and would decode without error to 24 wrong bytes, so the
 * ids are converted before {@link JsonFormat} sees them, and anything but hex of the right length
 * is refused. Enums as integers and lowerCamelCase names are the mapping's own and need nothing.
 *
 * <pre>{@code
 * ExportTraceServiceRequest request = OtlpCodec.parseJson(body);   // or parseProtobuf(body)
 * }</pre>
 */
public final class OtlpCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Receivers must ignore fields they do not know (OTLP, "Forward compatibility"). */
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final int TRACE_ID_BYTES = 16;
    private static final int SPAN_ID_BYTES = 8;

    private OtlpCodec() {
    }

    /**
     * Decodes a binary OTLP trace export.
     *
     * @throws MalformedOtlpException when the bytes are not an ExportTraceServiceRequest
     */
    public static ExportTraceServiceRequest parseProtobuf(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("the body is not an OTLP protobuf ExportTraceServiceRequest: "
                    + e.getMessage());
        }
    }

    /**
     * Decodes an OTLP/JSON trace export (hex ids, integer or named enums, lowerCamelCase or
     * snake_case field names).
     *
     * @throws MalformedOtlpException when the text is not JSON, an id is not hex of its length, or
     *         the JSON does not fit ExportTraceServiceRequest
     */
    public static ExportTraceServiceRequest parseJson(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedOtlpException(JsonProblem.of(e).describe("the body"));
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedOtlpException("the body must be a JSON object (an OTLP ExportTraceServiceRequest)");
        }
        forEach(tree, "resourceSpans", "resource_spans", (resource, r) ->
                forEach(resource, "scopeSpans", "scope_spans", (scope, s) ->
                        forEach(scope, "spans", "spans", (span, i) -> {
                            String at = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                            hexToBase64(span, "traceId", "trace_id", TRACE_ID_BYTES, at);
                            hexToBase64(span, "spanId", "span_id", SPAN_ID_BYTES, at);
                            hexToBase64(span, "parentSpanId", "parent_span_id", SPAN_ID_BYTES, at);
                            forEach(span, "links", "links", (link, l) -> {
                                hexToBase64(link, "traceId", "trace_id", TRACE_ID_BYTES, at + ".links[" + l + "]");
                                hexToBase64(link, "spanId", "span_id", SPAN_ID_BYTES, at + ".links[" + l + "]");
                            });
                        })));
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports a mistyped value as InvalidProtocolBufferException, a few shapes as gson's unchecked errors
            throw new MalformedOtlpException("the body is not an OTLP/JSON ExportTraceServiceRequest: "
                    + shorten(e.getMessage()));
        }
        return request.build();
    }

    /** The answer to an export, binary. */
    public static byte[] protobuf(ExportTraceServiceResponse response) {
        return response.toByteArray();
    }

    /** The answer to an export, as OTLP/JSON ({@code {}} when every span was accepted). */
    public static byte[] json(ExportTraceServiceResponse response) {
        try {
            return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an ExportTraceServiceResponse always prints", e);
        }
    }

    /**
     * A {@code google.rpc.Status} message, the body OTLP/HTTP gives every protobuf 4xx and 5xx answer.
     * Its two scalar fields are written directly: the message's class is not part of
     * opentelemetry-proto, and this one shape does not justify another dependency.
     *
     * @param code a gRPC status code (3 INVALID_ARGUMENT, 16 UNAUTHENTICATED, ...)
     */
    public static byte[] status(int code, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message == null ? "" : message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Each {
        void accept(JsonNode node, int index);
    }

    private static void forEach(JsonNode parent, String name, String snakeName, Each each) {
        JsonNode list = parent.has(name) ? parent.get(name) : parent.get(snakeName);
        if (list == null || !list.isArray()) {
            return; // absent, or mistyped: JsonFormat says so in its words
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isObject()) {
                each.accept(list.get(i), i);
            }
        }
    }

    private static void hexToBase64(JsonNode node, String name, String snakeName, int bytes, String at) {
        ObjectNode object = (ObjectNode) node;
        String key = object.has(name) ? name : snakeName;
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return;
        }
        String hex = value.isTextual() ? value.textValue() : null;
        if (hex == null || !(hex.isEmpty() || hex.length() == 2 * bytes && isHex(hex))) {
            throw new MalformedOtlpException(at + "." + name + " must be " + (2 * bytes)
                    + " hex digits (OTLP/JSON writes ids as hex, not base64); got "
                    + (hex == null ? value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) : "'" + shorten(hex) + "'"));
        }
        object.put(key, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
