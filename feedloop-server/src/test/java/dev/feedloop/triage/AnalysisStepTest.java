package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Cause;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the LLM analyst's answer is weighed against the offline labels: human edits win, counts never move. */
class AnalysisStepTest {

    static PatternRecord pattern(Cause cause, double confidence, boolean nameLocked) {
        return new PatternRecord("shop", "P-1", nameLocked ? "Refund deadlines" : "Refund · Days", nameLocked,
                "12 negative responses", List.of("refund", "days"), cause, confidence, null,
                "{\"lift\": 3.5, \"signals\": {\"edit\": 0.6}}", PatternStatus.OPEN, null, false, "m",
                new float[] {1, 0}, List.of(), 12, null, null);
    }

    static PatternAnalysis analysis(Cause cause) {
        return new PatternAnalysis("shop", "P-1", "openai", "m1", "Wrong refund deadline", "Users are told 30 days.",
                cause, "The prompt states 30 days.", "Say 14 days in the prompt.", new float[] {1, 0}, 12,
                Instant.EPOCH);
    }

    @Test
    void agreement_raisesTheConfidence_andTheModelNamesAndDescribes() {
        PatternRecord out = AnalysisStep.applied(pattern(Cause.PROMPT, 0.6, false), analysis(Cause.PROMPT));

        assertThat(out.cause()).isEqualTo(Cause.PROMPT);
        assertThat(out.causeConfidence()).isGreaterThan(0.6);
        assertThat(out.name()).isEqualTo("Wrong refund deadline");
        assertThat(out.description()).isEqualTo("Users are told 30 days.");
        assertThat(out.memberCount()).isEqualTo(12);
        @SuppressWarnings("unchecked")
        Map<String, Object> llm = (Map<String, Object>) JsonText.read(out.evidenceJson()).get("llm");
        assertThat(llm).containsEntry("cause", "prompt").containsEntry("agrees_with_offline", true);
        assertThat(JsonText.read(out.evidenceJson())).containsEntry("lift", 3.5);
    }

    @Test
    void disagreement_keepsTheCountedCause_withLessConfidence_andShowsBoth() {
        PatternRecord out = AnalysisStep.applied(pattern(Cause.RETRIEVAL, 0.8, false), analysis(Cause.PROMPT));

        assertThat(out.cause()).isEqualTo(Cause.RETRIEVAL);
        assertThat(out.causeConfidence()).isEqualTo(0.48);
        @SuppressWarnings("unchecked")
        Map<String, Object> llm = (Map<String, Object>) JsonText.read(out.evidenceJson()).get("llm");
        assertThat(llm).containsEntry("cause", "prompt").containsEntry("offline_cause", "retrieval")
                .containsEntry("agrees_with_offline", false);
    }

    @Test
    void anUnknownOfflineCause_takesTheModelsAtHalfConfidence() {
        PatternRecord out = AnalysisStep.applied(pattern(Cause.UNKNOWN, 0.0, false), analysis(Cause.MODEL_LIMITATION));

        assertThat(out.cause()).isEqualTo(Cause.MODEL_LIMITATION);
        assertThat(out.causeConfidence()).isEqualTo(0.5);
    }

    @Test
    void aHumanName_andAHumanCause_win() {
        PatternRecord overridden = pattern(Cause.PROMPT, 0.6, true).withCauseOverride(Cause.RETRIEVAL);

        PatternRecord out = AnalysisStep.applied(overridden, analysis(Cause.MODEL_LIMITATION));

        assertThat(out.name()).isEqualTo("Refund deadlines");
        assertThat(out.nameLocked()).isTrue();
        assertThat(out.effectiveCause()).isEqualTo(Cause.RETRIEVAL);
    }

    @Test
    void aPatternIsAskedAgain_onlyWhenItsCentroidMoved() {
        assertThat(AnalysisStep.moved(new float[] {1, 0}, new float[] {0.99f, 0.05f})).isFalse();
        assertThat(AnalysisStep.moved(new float[] {1, 0}, new float[] {0.8f, 0.6f})).isTrue();
        assertThat(AnalysisStep.moved(new float[] {1, 0}, new float[] {1, 0, 0})).isTrue();
    }

    @Test
    void theEvidenceIsFlattenedToNamedNumbers() {
        Map<String, Double> figures = AnalysisStep.figures(Map.of("lift", 3.5, "prompt_versions",
                Map.of("rates", Map.of("v2", Map.of("rate", 0.04))), "retrieval", Map.of("top_doc", "kb-7")));

        assertThat(figures).containsEntry("lift", 3.5).containsEntry("prompt_versions.rates.v2.rate", 0.04)
                .doesNotContainKey("retrieval.top_doc");
    }
}
