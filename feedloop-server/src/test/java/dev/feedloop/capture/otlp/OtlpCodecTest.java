package dev.feedloop.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpCodecTest {
    static final String TRACE = "5b8efff798038103d269b633813fc60c";
    static final String SPAN = "eee19b7ec3c1b174";
    static final String PARENT = "eee19b7ec3c1b173";

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String oneSpan(String spanFields) {
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + spanFields + "}]}]}]}";
    }

    @Test
    void json_hexIds_integerEnums_camelCase_decodeToTheRightBytes() {
        ExportTraceServiceRequest request = OtlpCodec.parseJson(bytes(oneSpan("\"traceId\":\"" + TRACE
                + "\",\"spanId\":\"" + SPAN + "\",\"parentSpanId\":\"" + PARENT + "\",\"name\":\"chat\",\"kind\":3,"
                + "\"startTimeUnixNano\":\"1795000000000000000\",\"endTimeUnixNano\":1795000001000000000,"
                + "\"attributes\":[{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"openai\"}}],"
                + "\"links\":[{\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + PARENT + "\"}],"
                + "\"someFutureField\":{\"x\":1}")));

        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
        assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray())).isEqualTo(SPAN);
        assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray())).isEqualTo(PARENT);
        assertThat(HexFormat.of().formatHex(span.getLinks(0).getSpanId().toByteArray())).isEqualTo(PARENT);
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1795000001000000000L);
        assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("openai");
    }

    @Test
    void json_snakeCaseNames_areAcceptedToo() {
        ExportTraceServiceRequest request = OtlpCodec.parseJson(bytes(
                "{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{\"trace_id\":\"" + TRACE + "\",\"span_id\":\""
                        + SPAN.toUpperCase() + "\"}]}]}]}"));
        assertThat(HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0)
                .getSpanId().toByteArray())).isEqualTo(SPAN);
    }

    @Test
    void json_base64Id_isRefusedNamingTheField() {
        // what a protobuf JSON mapping would write: 24 characters of base64, not OTLP's hex
        assertThatThrownBy(() -> OtlpCodec.parseJson(bytes(oneSpan("\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\""))))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0].traceId must be 32 hex digits");
    }

    @Test
    void json_notJson_orNotAnObject_orMistyped_isMalformed() {
        assertThatThrownBy(() -> OtlpCodec.parseJson(bytes("{\"resourceSpans\": [")))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("the body");
        assertThatThrownBy(() -> OtlpCodec.parseJson(bytes("[]")))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> OtlpCodec.parseJson(bytes(oneSpan("\"endTimeUnixNano\":\"soon\""))))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("OTLP/JSON");
    }

    @Test
    void protobuf_garbage_isMalformed() {
        assertThatThrownBy(() -> OtlpCodec.parseProtobuf(bytes("{\"resourceSpans\":[]}")))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("OTLP protobuf");
    }

    @Test
    void answers_jsonIsEmptyObjectOnSuccess_partialSuccessOtherwise_statusHasCodeAndMessage() throws Exception {
        assertThat(new String(OtlpCodec.json(ExportTraceServiceResponse.getDefaultInstance()), StandardCharsets.UTF_8))
                .isEqualTo("{}");
        String partial = new String(OtlpCodec.json(ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("why")).build()),
                StandardCharsets.UTF_8);
        assertThat(partial).isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"why\"}}");

        UnknownFieldSet status = UnknownFieldSet.parseFrom(OtlpCodec.status(3, "bad body"));
        assertThat(status.getField(1).getVarintList()).containsExactly(3L);
        assertThat(status.getField(2).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("bad body");
    }
}
