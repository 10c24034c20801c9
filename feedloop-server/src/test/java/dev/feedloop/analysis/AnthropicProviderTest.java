package dev.feedloop.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.analysis.FakeLlm.Answer;
import dev.feedloop.store.Cause;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {
    private final FakeLlm llm;

    AnthropicProviderTest() throws IOException {
        llm = new FakeLlm();
    }

    @AfterEach
    void close() {
        llm.close();
    }

    @Test
    void analyze_postsMessagesWithTheForcedTool_andReadsItsInput() {
        llm.then(Answer.ok(FakeLlm.anthropicTool(FakeLlm.goodAnalysis(), 1200, 150)));
        Analyst.Run run = llm.anthropic(Map.of()).startRun();

        Analysis a = run.analyze(Briefs.plain()).orElseThrow();

        assertThat(a.cause()).isEqualTo(Cause.RETRIEVAL);
        assertThat(a.name()).isEqualTo("Baggage fees quoted from old policy");
        FakeLlm.Call call = llm.calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v1/messages");
        assertThat(call.headers()).containsEntry("x-api-key", FakeLlm.KEY).doesNotContainKey("authorization");
        assertThat(call.headers().get("anthropic-version")).matches("\\d{4}-\\d{2}-\\d{2}");
        JsonNode body = call.json();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(body.path("tools").path(0).path("name").asText()).isEqualTo(Prompts.ANALYSIS_TOOL);
        JsonNode schema = body.path("tools").path(0).path("input_schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("properties").path("cause").path("enum").toString())
                .isEqualTo("[\"prompt\",\"retrieval\",\"model_limitation\",\"unknown\"]");
        assertThat(schema.path("required")).hasSize(5);
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(body.path("tool_choice").path("name").asText()).isEqualTo(Prompts.ANALYSIS_TOOL);
        assertThat(body.path("system").toString()).contains("untrusted data");
        Usage usage = run.usage();
        assertThat(usage).extracting(Usage::provider, Usage::model, Usage::calls, Usage::inputTokens,
                Usage::outputTokens).containsExactly("anthropic", "claude-sonnet-4-6", 1, 1200L, 150L);
        assertThat(usage.estimatedCostUsd()).isCloseTo((1200 * 3 + 150 * 15) / 1e6, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void overloaded529_isRetriedAfterItsRetryAfter_thenSucceeds() {
        llm.then(Answer.status(529, Map.of("retry-after", "3")),
                Answer.ok(FakeLlm.anthropicTool(FakeLlm.goodAnalysis(), 10, 10)));
        Analyst.Run run = llm.anthropic(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();
        assertThat(llm.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(run.usage().calls()).isEqualTo(2);
    }

    @Test
    void unauthorized401_stopsTheRunsLlmUse() {
        llm.then(Answer.status(401, Map.of()));
        Analyst.Run run = llm.anthropic(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(run.sameFailure(Briefs.plain(), Briefs.plain())).isEmpty();

        assertThat(llm.calls).hasSize(1);
        assertThat(run.usage().stoppedBecause()).contains("401");
    }

    @Test
    void toolInputThatBreaksTheRules_isAskedOnceMore_withTheError() {
        JsonNode bad = FakeLlm.goodAnalysis().put("cause", "resolved");
        llm.then(Answer.ok(FakeLlm.anthropicTool(bad, 10, 10)),
                Answer.ok(FakeLlm.anthropicTool(FakeLlm.goodAnalysis(), 10, 10)));

        assertThat(llm.anthropic(Map.of()).startRun().analyze(Briefs.plain())).isPresent();
        assertThat(llm.calls.get(1).userText()).contains("previous answer was rejected: cause must be one of");
    }

    @Test
    void dryRun_recordsTheRequestWithTheKeyMasked_andSendsNothing() {
        Analyst.Run run = llm.anthropic(Map.of()).startDryRun();

        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(llm.calls).isEmpty();
        assertThat(run.dryRunRequests()).hasSize(1);
        String rendered = run.dryRunRequests().get(0);
        assertThat(rendered).startsWith("POST " + llm.base() + "/v1/messages\n")
                .containsIgnoringCase("x-api-key: ****").contains("anthropic-version: ")
                .contains("\"tool_choice\"").doesNotContain(FakeLlm.KEY);
        assertThat(run.usage().calls()).isZero();
    }
}
