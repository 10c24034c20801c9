package dev.feedloop.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.analysis.FakeLlm.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest {
    private final FakeLlm llm;

    OpenAiCompatibleProviderTest() throws IOException {
        llm = new FakeLlm();
    }

    @AfterEach
    void close() {
        llm.close();
    }

    private static Answer good() {
        return Answer.ok(FakeLlm.openAiContent(FakeLlm.goodAnalysis().toString(), 900, 120));
    }

    @Test
    void analyze_postsChatCompletionsWithJsonSchema_andReadsTheContent() {
        llm.then(good());
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();

        FakeLlm.Call call = llm.calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.headers()).containsEntry("authorization", "Bearer " + FakeLlm.KEY);
        JsonNode format = call.json().path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("properties").path("cause").path("enum"))
                .hasSize(4);
        assertThat(call.json().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(run.usage()).extracting(Usage::calls, Usage::inputTokens, Usage::outputTokens)
                .containsExactly(1, 900L, 120L);
    }

    @Test
    void proseAroundTheJson_doesNotBreakParsing() {
        llm.then(Answer.ok(FakeLlm.openAiContent("Sure! Here is the analysis:\n```json\n"
                + FakeLlm.goodAnalysis() + "\n```\nLet me know if {you} need more.", 10, 10)));

        assertThat(llm.openAi(Map.of()).startRun().analyze(Briefs.plain())).isPresent();
    }

    @Test
    void invalidAnswer_isAskedOnceMoreWithTheError_thenTheOfflineLabelsStand() {
        llm.then(Answer.ok(FakeLlm.openAiContent(FakeLlm.goodAnalysis().put("name", "x".repeat(61)).toString(),
                10, 10)));
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(llm.calls).hasSize(2);
        assertThat(llm.calls.get(0).userText()).doesNotContain("rejected");
        assertThat(llm.calls.get(1).userText()).contains("previous answer was rejected: name is 61 characters");
        assertThat(run.usage().stoppedBecause()).isNull();
    }

    @Test
    void rateLimited429_waitsItsRetryAfter_thenSucceeds() {
        llm.then(Answer.status(429, Map.of("Retry-After", "2")), good());
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();
        assertThat(llm.waits).containsExactly(Duration.ofSeconds(2));
        assertThat(llm.calls).hasSize(2);
    }

    @Test
    void serverError500Forever_givesUpAfterTheRetries_andTheRestOfTheRunIsOffline() {
        llm.then(Answer.status(500, Map.of()));
        Analyst.Run run = llm.openAi(Map.of("FEEDLOOP_LLM_RETRIES", "2")).startRun();
        long start = System.nanoTime();

        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(llm.calls).hasSize(3);
        assertThat(llm.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(run.usage().stoppedBecause()).isEqualTo("outage");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void timeout_countsAsAFailedCall_withinBoundedTime() {
        llm.then(new Answer(200, Map.of(), FakeLlm.openAiContent(FakeLlm.goodAnalysis().toString(), 1, 1), 3000));
        Analyst.Run run = llm.openAi(Map.of("FEEDLOOP_LLM_TIMEOUT", "PT0.3S", "FEEDLOOP_LLM_RETRIES", "1")).startRun();
        long start = System.nanoTime();

        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(llm.calls).hasSize(2);
        assertThat(run.usage().stoppedBecause()).isEqualTo("outage");
    }

    @Test
    void forbidden403_stopsTheRunsLlmUse() {
        llm.then(Answer.status(403, Map.of()));
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(llm.calls).hasSize(1);
    }

    @Test
    void maxCalls_reached_sendsNoMore() {
        llm.then(good());
        Analyst.Run run = llm.openAi(Map.of("FEEDLOOP_LLM_MAX_CALLS", "1")).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();
        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(llm.calls).hasSize(1);
        assertThat(run.usage().stoppedBecause()).isEqualTo("budget");
    }

    @Test
    void maxTokens_reached_sendsNoMore() {
        llm.then(Answer.ok(FakeLlm.openAiContent(FakeLlm.goodAnalysis().toString(), 7000, 500)));
        Analyst.Run run = llm.openAi(Map.of("FEEDLOOP_LLM_MAX_TOKENS", "8000")).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();
        assertThat(run.analyze(Briefs.plain())).isEmpty();

        assertThat(llm.calls).hasSize(1);
        assertThat(run.usage().inputTokens() + run.usage().outputTokens()).isEqualTo(7500);
    }

    @Test
    void badRequestToJsonSchema_fallsBackToTools_andRemembersIt() {
        llm.then(Answer.status(400, Map.of()),
                Answer.ok(FakeLlm.openAiToolCall(FakeLlm.goodAnalysis(), 10, 10)));
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();
        assertThat(run.analyze(Briefs.plain())).isPresent();

        assertThat(llm.calls).hasSize(3);
        assertThat(llm.calls.get(0).json().path("response_format").path("type").asText()).isEqualTo("json_schema");
        for (FakeLlm.Call later : llm.calls.subList(1, 3)) {
            JsonNode body = later.json();
            assertThat(body.has("response_format")).isFalse();
            assertThat(body.path("tools").path(0).path("function").path("parameters").path("required")).hasSize(5);
            assertThat(body.path("tool_choice").path("function").path("name").asText())
                    .isEqualTo(Prompts.ANALYSIS_TOOL);
        }
    }

    @Test
    void badRequestToToolsToo_fallsBackToJsonObject() {
        llm.then(Answer.status(400, Map.of()), Answer.status(400, Map.of()),
                Answer.ok(FakeLlm.openAiContent("The JSON: " + FakeLlm.goodAnalysis(), 10, 10)));
        Analyst.Run run = llm.openAi(Map.of()).startRun();

        assertThat(run.analyze(Briefs.plain())).isPresent();

        JsonNode last = llm.calls.get(2).json();
        assertThat(last.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(last.path("messages").path(0).path("content").asText()).contains("JSON schema");
    }

    @Test
    void sameFailure_returnsTheVerdictAndReason() {
        llm.then(Answer.ok(FakeLlm.openAiContent("{\"same\": true, \"reason\": \"Both quote the old fee table.\"}",
                10, 10)));

        SameFailure same = llm.openAi(Map.of()).startRun().sameFailure(Briefs.plain(), Briefs.plain()).orElseThrow();

        assertThat(same.same()).isTrue();
        assertThat(llm.calls.get(0).userText()).contains("<pattern_a>").contains("</pattern_b>");
    }

    @Test
    void offline_makesNoCalls() {
        Analyst.Run run = Analyst.offline().startRun();

        assertThat(run.analyze(Briefs.plain())).isEmpty();
        assertThat(run.usage().provider()).isEqualTo("offline");
        assertThat(llm.calls).isEmpty();
    }
}
