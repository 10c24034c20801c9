package dev.feedloop.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Each instrumentation convention's call span maps to the same response fields. */
class GenAiSpansTest {
    static final byte[] TRACE = HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c");
    static final Instant END = Instant.parse("2026-11-20T11:00:00.123456789Z");

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue kv(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static Span.Builder span(String spanIdHex, KeyValue... attributes) {
        long end = END.getEpochSecond() * 1_000_000_000L + END.getNano();
        return Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanIdHex)))
                .setName("chat").setStartTimeUnixNano(end - 2_000_000_000L).setEndTimeUnixNano(end)
                .addAllAttributes(java.util.List.of(attributes));
    }

    static ExportTraceServiceRequest export(Resource resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    static Resource serviceVersion(String version) {
        return Resource.newBuilder().addAttributes(kv("service.version", version)).build();
    }

    static JsonNode only(GenAiSpans.Mapped mapped) {
        assertThat(mapped.records()).hasSize(1);
        return mapped.records().get(0);
    }

    @Test
    void currentConventions_lastUserMessageAndFirstChoice_responseModel_serviceVersion() {
        JsonNode r = only(GenAiSpans.map(export(serviceVersion("support-v3"), span("00f067aa0ba902b7",
                kv("gen_ai.operation.name", "chat"), kv("gen_ai.request.model", "gpt-x"),
                kv("gen_ai.response.model", "gpt-x-2026-01"), kv("session.id", "s-9"), kv("user.id", "alice"),
                kv("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief\"}]},"
                        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"How do I change my flight?\"}]}]"),
                kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Open My Trips.\"}],"
                        + "\"finish_reason\":\"stop\"}]")))));

        assertThat(r.get("request_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(r.get("timestamp").asText()).isEqualTo("2026-11-20T11:00:00.123456789Z");
        assertThat(r.get("prompt_version").asText()).isEqualTo("support-v3");
        assertThat(r.get("model").asText()).isEqualTo("gpt-x-2026-01");
        assertThat(r.get("user_input").asText()).isEqualTo("How do I change my flight?");
        assertThat(r.get("llm_output").asText()).isEqualTo("Open My Trips.");
        assertThat(r.get("session_id").asText()).isEqualTo("s-9");
        assertThat(r.get("user_id").asText()).isEqualTo("alice");
        assertThat(r.get("tags").get("trace_id").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
    }

    @Test
    void olderIndexedAttributes_andPromptVersionAttribute_winOverServiceVersion() {
        JsonNode r = only(GenAiSpans.map(export(serviceVersion("1.0.0"), span("00f067aa0ba902b8",
                kv("gen_ai.system", "openai"), kv("gen_ai.request.model", "gpt-4o"), kv("feedloop.prompt_version", "v7"),
                kv("gen_ai.prompt.0.role", "system"), kv("gen_ai.prompt.0.content", "You help travellers"),
                kv("gen_ai.prompt.1.role", "user"), kv("gen_ai.prompt.1.content", "Is my bag covered?"),
                kv("gen_ai.prompt.2.role", "assistant"), kv("gen_ai.prompt.2.content", "Which bag?"),
                kv("gen_ai.completion.0.role", "assistant"), kv("gen_ai.completion.0.content", "Yes, up to 23 kg.")))));

        assertThat(r.get("prompt_version").asText()).isEqualTo("v7");
        assertThat(r.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(r.get("user_input").asText()).isEqualTo("Is my bag covered?");
        assertThat(r.get("llm_output").asText()).isEqualTo("Yes, up to 23 kg.");
    }

    @Test
    void olderContentEvents_areRead() {
        Span.Builder s = span("00f067aa0ba902b9", kv("gen_ai.system", "anthropic"))
                .addEvents(Span.Event.newBuilder().setName("gen_ai.content.prompt")
                        .addAttributes(kv("gen_ai.prompt", "[{\"role\":\"user\",\"content\":\"Refund timeline?\"}]")))
                .addEvents(Span.Event.newBuilder().setName("gen_ai.content.completion")
                        .addAttributes(kv("gen_ai.completion", "14 days.")));
        JsonNode r = only(GenAiSpans.map(export(serviceVersion("v1"), s)));

        assertThat(r.get("user_input").asText()).isEqualTo("Refund timeline?");
        assertThat(r.get("llm_output").asText()).isEqualTo("14 days.");
    }

    @Test
    void openInference_llmSpan_withRetrieverInTheSameTrace_getsItsDocuments() {
        Span.Builder retriever = span("1111111111111111", kv("openinference.span.kind", "RETRIEVER"),
                kv("retrieval.documents.0.document.id", "kb-12"),
                kv("retrieval.documents.0.document.content", "Changes are free within 24 h."),
                kv("retrieval.documents.0.document.score", 0.82),
                kv("retrieval.documents.1.document.content", "Fees apply after 24 h."));
        retriever.setStartTimeUnixNano(retriever.getStartTimeUnixNano() - 1_000_000_000L);
        Span.Builder llm = span("2222222222222222", kv("openinference.span.kind", "LLM"),
                kv("llm.model_name", "claude-x"), kv("llm.prompt_template.version", "tpl-3"),
                kv("llm.input_messages.0.message.role", "user"),
                kv("llm.input_messages.0.message.contents.0.message_content.text", "Change my flight"),
                kv("llm.output_messages.0.message.role", "assistant"),
                kv("llm.output_messages.0.message.content", "Free within 24 h."));
        Span.Builder chain = span("3333333333333333", kv("openinference.span.kind", "CHAIN"),
                kv("input.value", "Change my flight"), kv("output.value", "Free within 24 h."));

        GenAiSpans.Mapped mapped = GenAiSpans.map(export(Resource.getDefaultInstance(), retriever, llm, chain));

        assertThat(mapped.received()).isEqualTo(3);
        assertThat(mapped.ignored()).isEqualTo(2);
        JsonNode r = only(mapped);
        assertThat(r.get("model").asText()).isEqualTo("claude-x");
        assertThat(r.get("prompt_version").asText()).isEqualTo("tpl-3");
        assertThat(r.get("user_input").asText()).isEqualTo("Change my flight");
        assertThat(r.get("llm_output").asText()).isEqualTo("Free within 24 h.");
        JsonNode docs = r.get("retrieved_context");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).get("doc_id").asText()).isEqualTo("kb-12");
        assertThat(docs.get(0).get("score").asDouble()).isEqualTo(0.82);
        assertThat(docs.get(1).get("doc_id").asText()).startsWith("sha256:").hasSize("sha256:".length() + 16);
    }

    @Test
    void openInference_valuesOnly_areTheFallback() {
        JsonNode r = only(GenAiSpans.map(export(serviceVersion("v1"), span("4444444444444444",
                kv("openinference.span.kind", "LLM"), kv("input.value", "plain question"),
                kv("output.value", "plain answer")))));
        assertThat(r.get("user_input").asText()).isEqualTo("plain question");
        assertThat(r.get("llm_output").asText()).isEqualTo("plain answer");
    }

    @Test
    void notCalls_areIgnored_embeddingsToolsAgentsHttp() {
        GenAiSpans.Mapped mapped = GenAiSpans.map(export(serviceVersion("v1"),
                span("5555555555555551", kv("gen_ai.operation.name", "embeddings"), kv("gen_ai.request.model", "e5")),
                span("5555555555555552", kv("gen_ai.operation.name", "execute_tool")),
                span("5555555555555553", kv("gen_ai.operation.name", "invoke_agent")),
                span("5555555555555554", kv("gen_ai.system", "openai"), kv("llm.request.type", "embedding")),
                span("5555555555555555", kv("http.request.method", "POST"))));
        assertThat(mapped.records()).isEmpty();
        assertThat(mapped.received()).isEqualTo(5);
        assertThat(mapped.ignored()).isEqualTo(5);
    }

    @Test
    void callWithoutContent_leavesTheFieldsOut_forTheParserToName() {
        JsonNode r = only(GenAiSpans.map(export(Resource.getDefaultInstance(),
                span("6666666666666666", kv("gen_ai.operation.name", "chat"), kv("gen_ai.request.model", "m")))));
        assertThat(r.has("user_input")).isFalse();
        assertThat(r.has("llm_output")).isFalse();
        assertThat(r.has("prompt_version")).isFalse();
    }
}
