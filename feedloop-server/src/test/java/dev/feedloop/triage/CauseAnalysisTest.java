package dev.feedloop.triage;

import dev.feedloop.store.Cause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.ResponseSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CauseAnalysisTest {
    static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    static NegativeRow row(String version, String model, double score, String doc, boolean truncated, String output,
            String edited) {
        return new NegativeRow("r", T, version, model, "q", output, edited, edited == null ? null : 0.1,
                Set.of(edited == null ? "regenerated" : "edit"), score, List.of(doc, "kb-other"), truncated);
    }

    static List<ResponseSample> baseline(int n) {
        List<ResponseSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ResponseSample("s" + i, T, "v1", "m-a", "q", "a", 0.8, List.of("kb-" + (i % 20)), false));
        }
        return out;
    }

    static List<NegativeRow> rows(int n, java.util.function.IntFunction<NegativeRow> make) {
        List<NegativeRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(make.apply(i));
        }
        return out;
    }

    static final Map<String, Long> TWO_VERSIONS = Map.of("v1", 5_000L, "v2", 5_000L);
    static final Map<String, Long> TWO_MODELS = Map.of("m-a", 7_000L, "m-b", 3_000L);

    @Test
    void judge_lowRetrievalScores_isRetrieval() {
        var members = rows(60, i -> row(i % 2 == 0 ? "v1" : "v2", i % 3 == 0 ? "m-b" : "m-a", 0.2, "kb-x", false,
                "I could not find it", null));
        var v = CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0);
        assertThat(v.cause()).isEqualTo(Cause.RETRIEVAL);
    }

    @Test
    void judge_oneDocumentWhoseFiguresUsersCorrect_isRetrieval() {
        var members = rows(60, i -> row(i % 2 == 0 ? "v1" : "v2", "m-a", 0.8, "kb-fees", false,
                "The fee is 25 euros.", "The fee is 35 euros."));
        var v = CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0);
        assertThat(v.cause()).isEqualTo(Cause.RETRIEVAL);
        assertThat(v.evidence().toString()).contains("stale_document");
    }

    @Test
    void judge_truncatedContext_isRetrieval() {
        var members = rows(60, i -> row(i % 2 == 0 ? "v1" : "v2", "m-a", 0.8, "kb-policy", true, "It covers", null));
        assertThat(CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0).cause())
                .isEqualTo(Cause.RETRIEVAL);
    }

    @Test
    void judge_failuresConcentratedOnOneVersion_isPrompt() {
        var members = rows(80, i -> row(i < 76 ? "v2" : "v1", i % 3 == 0 ? "m-b" : "m-a", 0.8, "kb-" + (i % 20),
                false, "I'm sorry, I can't help with that.", null));
        var v = CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0);
        assertThat(v.cause()).isEqualTo(Cause.PROMPT);
        assertThat(v.confidence()).isGreaterThan(0.5);
    }

    @Test
    void judge_evenAcrossVersionsAndModels_isModelLimitation() {
        var members = rows(100, i -> row(i % 2 == 0 ? "v1" : "v2", i % 10 < 3 ? "m-b" : "m-a", 0.8, "kb-" + (i % 20),
                false, "That comes to 120.", null));
        assertThat(CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0).cause())
                .isEqualTo(Cause.MODEL_LIMITATION);
    }

    @Test
    void judge_oneModelOnly_isModelLimitation_evenWhenALaterVersionWorksAroundIt() {
        // all on m-b; v2 (which asks for the user's language, say) has a quarter of v1's rate
        var members = rows(80, i -> row(i < 64 ? "v1" : "v2", "m-b", 0.8, "kb-" + (i % 20), false,
                "La maleta cuesta 30 euros.", null));
        var v = CauseAnalysis.judge(members, baseline(500), TWO_VERSIONS, TWO_MODELS, 4.0);
        assertThat(v.cause()).isEqualTo(Cause.MODEL_LIMITATION);
        assertThat(v.confidence()).isGreaterThan(0.5);
    }

    @Test
    void judge_oneVersionAndOneModelOnly_isUnknown() {
        var members = rows(30, i -> row("v1", "m-a", 0.8, "kb-" + (i % 20), false, "ok", null));
        assertThat(CauseAnalysis.judge(members, baseline(500), Map.of("v1", 10_000L), Map.of("m-a", 10_000L), 3.0)
                .cause()).isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void judge_noRetrievalScoresAnywhere_recordsTheMedianAsUnknownNotNaN() {
        var members = rows(40, i -> new NegativeRow("r" + i, T, "v1", "m-a", "q", "a", null, null,
                Set.of("regenerated"), null, List.of(), false));
        List<ResponseSample> sample = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sample.add(new ResponseSample("s" + i, T, "v1", "m-a", "q", "a", null, List.of(), false));
        }

        var v = CauseAnalysis.judge(members, sample, TWO_VERSIONS, TWO_MODELS, 4.0);

        assertThat(dev.feedloop.store.JsonText.write(v.evidence())).doesNotContain("NaN")
                .contains("\"score_median\":null");
    }
}
