package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import dev.feedloop.triage.TriageConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/traces} against a real server, fed by the OpenTelemetry Java SDK's own OTLP/HTTP
 * span exporter (JDK HttpClient sender), in protobuf and in JSON.
 */
class OtlpTracesTest {
    /** Spans carry explicit times before the server's fixed clock: the parser refuses times a day ahead. */
    static final Instant T0 = ServerFixture.NOW.minusSeconds(600);

    @TempDir
    Path dir;
    ServerFixture server;
    String endpoint;

    @BeforeEach
    void start() {
        server = ServerFixture.start(dir, 1 << 20);
        endpoint = "http://127.0.0.1:" + server.server.port() + "/v1/traces";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The SDK's JSON mode: {@code HttpExporterBuilder.exportAsJson()}, which 1.68.0 offers through no public builder method. */
    static OtlpHttpSpanExporterBuilder jsonExporterBuilder(String endpoint) throws Exception {
        HttpExporterBuilder http = new HttpExporterBuilder(
                StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER, endpoint).exportAsJson();
        Constructor<OtlpHttpSpanExporterBuilder> constructor = OtlpHttpSpanExporterBuilder.class
                .getDeclaredConstructor(HttpExporterBuilder.class, MemoryMode.class);
        constructor.setAccessible(true);
        return constructor.newInstance(http, MemoryMode.IMMUTABLE_DATA).setEndpoint(endpoint);
    }

    /**
     * A request's spans as an application makes them: an HTTP server span, a retriever, the chat call and
     * a tool call, with the call's attributes from {@code call}. Returns the call's span id.
     */
    static String sendTrace(SpanExporter exporter, java.util.function.Consumer<Span> call) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "travel-bot", AttributeKey.stringKey("service.version"), "support-v3")));
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        try {
            Tracer tracer = provider.get("feedloop-test");
            Span root = tracer.spanBuilder("POST /ask").setSpanKind(SpanKind.SERVER).setStartTimestamp(T0).startSpan();
            Context parent = Context.root().with(root);
            Span retriever = tracer.spanBuilder("retrieve").setParent(parent).setStartTimestamp(T0.plusMillis(10)).startSpan();
            retriever.setAttribute("openinference.span.kind", "RETRIEVER");
            retriever.setAttribute("retrieval.documents.0.document.id", "kb-12");
            retriever.setAttribute("retrieval.documents.0.document.content", "Changes are free within 24 hours.");
            retriever.setAttribute("retrieval.documents.0.document.score", 0.82);
            retriever.end(T0.plusMillis(50));
            Span chat = tracer.spanBuilder("chat gpt-x").setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(T0.plusMillis(60)).startSpan();
            call.accept(chat);
            chat.end(T0.plusMillis(900));
            Span tool = tracer.spanBuilder("execute_tool lookup").setParent(parent).setStartTimestamp(T0.plusMillis(950))
                    .startSpan();
            tool.setAttribute("gen_ai.operation.name", "execute_tool");
            tool.end(T0.plusMillis(980));
            root.end(T0.plusSeconds(1));
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
            return chat.getSpanContext().getSpanId();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    static void currentConventions(Span chat) {
        chat.setAttribute("gen_ai.operation.name", "chat");
        chat.setAttribute("gen_ai.provider.name", "openai");
        chat.setAttribute("gen_ai.request.model", "gpt-x");
        chat.setAttribute("gen_ai.response.model", "gpt-x-2026-01");
        chat.setAttribute("session.id", "s-9");
        chat.setAttribute("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"You help travellers.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"How do I change my flight?\"}]}]");
        chat.setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                + "\"content\":\"Open My Trips and choose Change.\"}],\"finish_reason\":\"stop\"}]");
    }

    @Test
    void sdkProtobufExport_gzipAndHeaderKey_storesTheCallSpanAsAResponse_andIgnoresTheOthers() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .addHeader("x-feedloop-key", server.ingestKey).setCompression("gzip").build();

        String spanId = sendTrace(exporter, OtlpTracesTest::currentConventions);

        JsonNode stored = server.response(spanId);
        assertThat(spanId).matches("[0-9a-f]{16}");
        assertThat(stored.get("project").asText()).isEqualTo("default");
        assertThat(stored.get("prompt_version").asText()).isEqualTo("support-v3");
        assertThat(stored.get("model").asText()).isEqualTo("gpt-x-2026-01");
        assertThat(stored.get("user_input").asText()).isEqualTo("How do I change my flight?");
        assertThat(stored.get("llm_output").asText()).isEqualTo("Open My Trips and choose Change.");
        assertThat(stored.get("session_id").asText()).isEqualTo("s-9");
        assertThat(stored.get("timestamp").asText()).isEqualTo(T0.plusMillis(900).toString());
        assertThat(stored.get("retrieved_context").get(0).get("doc_id").asText()).isEqualTo("kb-12");
        assertThat(stored.get("retrieved_context").get(0).get("score").asDouble()).isEqualTo(0.82);
        assertThat(stored.get("tags").get("trace_id").asText()).matches("[0-9a-f]{32}");

        String metrics = server.get("/metrics", null).body();
        assertThat(metrics).contains("feedloop_otlp_spans_received_total 4.0")
                .contains("feedloop_otlp_spans_ignored_total 3.0")
                .contains("feedloop_ingested_total{route=\"/v1/traces\"} 1.0");
    }

    @Test
    void sdkJsonExport_bearerKey_olderConventions_storesTheCallSpan() throws Exception {
        OtlpHttpSpanExporter exporter = jsonExporterBuilder(endpoint)
                .addHeader("Authorization", "Bearer " + server.ingestKey).build();

        String spanId = sendTrace(exporter, chat -> {
            chat.setAttribute("gen_ai.system", "anthropic");
            chat.setAttribute("gen_ai.request.model", "claude-x");
            chat.setAttribute("feedloop.prompt_version", "support-v4");
            chat.setAttribute("gen_ai.prompt.0.role", "user");
            chat.setAttribute("gen_ai.prompt.0.content", "Is my bag covered?");
            chat.addEvent("gen_ai.content.completion", Attributes.of(AttributeKey.stringKey("gen_ai.completion"),
                    "[{\"role\":\"assistant\",\"content\":\"Yes, up to 23 kg.\"}]"), T0.plusMillis(800));
        });

        JsonNode stored = server.response(spanId);
        assertThat(stored.get("prompt_version").asText()).isEqualTo("support-v4");
        assertThat(stored.get("model").asText()).isEqualTo("claude-x");
        assertThat(stored.get("user_input").asText()).isEqualTo("Is my bag covered?");
        assertThat(stored.get("llm_output").asText()).isEqualTo("Yes, up to 23 kg.");
        assertThat(stored.get("retrieved_context").get(0).get("doc_id").asText()).isEqualTo("kb-12");
    }

    @Test
    void sdkJsonExport_reallySendsOtlpJson_withHexIds() throws Exception {
        HttpServer capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> contentType = new AtomicReference<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        capture.createContext("/v1/traces", exchange -> {
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            body.set(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        capture.start();
        try {
            String spanId = sendTrace(jsonExporterBuilder("http://127.0.0.1:" + capture.getAddress().getPort()
                    + "/v1/traces").build(), OtlpTracesTest::currentConventions);
            assertThat(contentType.get()).isEqualTo("application/json");
            assertThat(new String(body.get(), StandardCharsets.UTF_8)).contains("\"spanId\":\"" + spanId + "\"");

            // the same bytes, as the SDK wrote them, to the real server
            HttpResponse<String> answer = server.send(server.request("/v1/traces")
                    .header("x-feedloop-key", server.ingestKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.get())));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{}");
            assertThat(server.response(spanId).get("user_input").asText()).isEqualTo("How do I change my flight?");
        } finally {
            capture.stop(0);
        }
    }

    @Test
    void feedbackNamingTheSpanId_joinsItsResponse_whichBecomesNegative() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .addHeader("x-feedloop-key", server.ingestKey).build();
        String spanId = sendTrace(exporter, OtlpTracesTest::currentConventions);

        HttpResponse<String> feedback = server.post("/v1/feedback", server.ingestKey,
                "{\"event_id\":\"e-1\",\"request_id\":\"" + spanId + "\",\"implicit_signal\":\"regenerated\","
                        + "\"timestamp\":\"" + T0.plusSeconds(30) + "\"}");

        assertThat(feedback.statusCode()).isEqualTo(202);
        JsonNode stored = server.response(spanId);
        assertThat(stored.get("feedback").get(0).get("implicit_signal").asText()).isEqualTo("regenerated");
        assertThat(server.feedloop.store().negatives("default", T0.minusSeconds(60), T0.plusSeconds(60),
                TriageConfig.DEFAULT.rules())).extracting(r -> r.requestId()).containsExactly(spanId);
    }

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static io.opentelemetry.proto.trace.v1.Span.Builder protoSpan(String spanIdHex, KeyValue... attributes) {
        long end = T0.getEpochSecond() * 1_000_000_000L;
        return io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanIdHex))).setName("chat")
                .setStartTimeUnixNano(end - 1_000_000_000L).setEndTimeUnixNano(end)
                .addAllAttributes(java.util.List.of(attributes));
    }

    HttpResponse<byte[]> postBytes(String contentType, String key, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = server.request("/v1/traces").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
        if (key != null) {
            request.header("x-feedloop-key", key);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return raw(request);
    }

    static HttpResponse<byte[]> raw(HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    @Test
    void callSpanFailingValidation_isCountedInPartialSuccess_withItsSpanIdAndWhatToSet_othersStored() throws Exception {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(protoSpan("00000000000000a1", kv("gen_ai.operation.name", "chat"),
                                kv("feedloop.prompt_version", "v1"), kv("gen_ai.request.model", "m")))
                        .addSpans(protoSpan("00000000000000a2", kv("gen_ai.operation.name", "chat"),
                                kv("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"hi\"}]"),
                                kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"content\":\"hello\"}]")))
                        .addSpans(protoSpan("00000000000000a3", kv("feedloop.prompt_version", "v1"),
                                kv("openinference.span.kind", "LLM"), kv("input.value", "q"), kv("output.value", "a")))
                        .addSpans(protoSpan("00000000000000a4", kv("http.route", "/ask"))))).build();

        HttpResponse<byte[]> answer = postBytes("application/x-protobuf", server.ingestKey, export.toByteArray(), true);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer.body());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .startsWith("2 of 3 GenAI spans were not stored: span 00000000000000a1: user_input is required")
                .contains("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true")
                .contains("span 00000000000000a2: prompt_version is required; set the span attribute feedloop.prompt_version");
        assertThat(server.response("00000000000000a3").get("user_input").asText()).isEqualTo("q");
        assertThat(server.get("/metrics", null).body())
                .contains("feedloop_rejected_total{reason=\"invalid_field\",route=\"/v1/traces\"} 2.0");
    }

    @Test
    void otlpJsonWrittenByHand_hexIdsAndIntegerEnums_isStoredUnderTheHexSpanId() throws Exception {
        String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.version\",\"value\":"
                + "{\"stringValue\":\"web-2\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"x\"},\"spans\":[{"
                + "\"traceId\":\"5B8EFFF798038103D269B633813FC60C\",\"spanId\":\"eee19b7ec3c1b174\",\"parentSpanId\":\"\","
                + "\"name\":\"chat\",\"kind\":3,\"startTimeUnixNano\":\"" + (T0.getEpochSecond() * 1_000_000_000L)
                + "\",\"endTimeUnixNano\":\"" + (T0.getEpochSecond() * 1_000_000_000L + 5_000_000) + "\","
                + "\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
                + "{\"key\":\"gen_ai.input.messages\",\"value\":{\"stringValue\":\"[{\\\"role\\\":\\\"user\\\","
                + "\\\"parts\\\":[{\\\"type\\\":\\\"text\\\",\\\"content\\\":\\\"hello\\\"}]}]\"}},"
                + "{\"key\":\"output.value\",\"value\":{\"stringValue\":\"hi there\"}}],"
                + "\"status\":{\"code\":1}}]}]}]}";

        HttpResponse<byte[]> answer = postBytes("application/json", server.ingestKey,
                json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode stored = server.response("eee19b7ec3c1b174");
        assertThat(stored.get("prompt_version").asText()).isEqualTo("web-2");
        assertThat(stored.get("timestamp").asText()).isEqualTo(T0.plusMillis(5).toString());
        assertThat(stored.get("tags").get("trace_id").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
    }

    @Test
    void malformedOtlp_isAClear400_statusForProtobuf_jsonErrorForJson() throws Exception {
        HttpResponse<byte[]> protobuf = postBytes("application/x-protobuf", server.ingestKey,
                "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8), false);
        assertThat(protobuf.statusCode()).isEqualTo(400);
        UnknownFieldSet status = UnknownFieldSet.parseFrom(protobuf.body());
        assertThat(status.getField(1).getVarintList()).containsExactly(3L);
        assertThat(status.getField(2).getLengthDelimitedList().get(0).toStringUtf8())
                .startsWith("the body is not an OTLP protobuf ExportTraceServiceRequest");

        HttpResponse<byte[]> json = postBytes("application/json", server.ingestKey,
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"7uGbfsPBsXQ=\"}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8), false);
        assertThat(json.statusCode()).isEqualTo(400);
        JsonNode error = ServerFixture.JSON.readTree(json.body());
        assertThat(error.get("error").asText()).isEqualTo("malformed_otlp");
        assertThat(error.get("message").asText()).contains("spanId must be 16 hex digits (OTLP/JSON writes ids as hex");

        HttpResponse<byte[]> notJson = postBytes("application/json", server.ingestKey,
                "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), false);
        assertThat(ServerFixture.JSON.readTree(notJson.body()).get("message").asText()).startsWith("the body");
        assertThat(new String(notJson.body(), StandardCharsets.UTF_8)).doesNotContain("Exception");

        HttpResponse<byte[]> badGzip = raw(server.request("/v1/traces").header("Content-Type", "application/json")
                .header("x-feedloop-key", server.ingestKey).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(badGzip.statusCode()).isEqualTo(400);
        assertThat(new String(badGzip.body(), StandardCharsets.UTF_8)).contains("not valid gzip");
    }

    @Test
    void nonGenAiSpansOnly_answer200_andAreCountedAsIgnored() throws Exception {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(protoSpan("00000000000000b1", kv("http.route", "/ask")))
                        .addSpans(protoSpan("00000000000000b2", kv("db.system", "sqlite"))))).build();

        HttpResponse<byte[]> answer = postBytes("application/x-protobuf", server.ingestKey, export.toByteArray(), false);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(answer.body()).hasPartialSuccess()).isFalse();
        assertThat(server.get("/metrics", null).body()).contains("feedloop_otlp_spans_ignored_total 2.0");
    }

    @Test
    void key_missingOrUnknown_is401_adminKeyAlsoIngests_wrongTypeOrEncodingIs415() throws Exception {
        byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
        assertThat(postBytes("application/x-protobuf", null, empty, false).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> unknown = postBytes("application/x-protobuf", "fl_nope_nope", empty, false);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(UnknownFieldSet.parseFrom(unknown.body()).getField(1).getVarintList()).containsExactly(16L);
        HttpResponse<byte[]> unknownJson = postBytes("application/json", "fl_nope_nope", "{}".getBytes(StandardCharsets.UTF_8), false);
        assertThat(ServerFixture.JSON.readTree(unknownJson.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(postBytes("application/x-protobuf", server.adminKey, empty, false).statusCode()).isEqualTo(200);

        assertThat(postBytes("text/plain", server.ingestKey, empty, false).statusCode()).isEqualTo(415);
        HttpResponse<byte[]> brotli = raw(server.request("/v1/traces").header("Content-Type", "application/json")
                .header("x-feedloop-key", server.ingestKey).header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(brotli.statusCode()).isEqualTo(415);

    }
}
