package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Cause;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.analysis.Analysis;
import dev.feedloop.analysis.Analyst;
import dev.feedloop.analysis.PatternBrief;
import dev.feedloop.analysis.SameFailure;
import dev.feedloop.analysis.Usage;
import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.redact.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aReviewersDescription_isKept() {
        PatternRecord reviewed = pattern(Cause.PROMPT, 0.6, false).withReviewedDescription("Quoted fares omit taxes.");

        PatternRecord out = AnalysisStep.applied(reviewed, analysis(Cause.PROMPT));

        assertThat(out.description()).isEqualTo("Quoted fares omit taxes.");
        assertThat(out.descriptionLocked()).isTrue();
        assertThat(out.name()).isEqualTo("Wrong refund deadline");
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

    @TempDir
    Path dir;

    /** A scripted analyst run: no analysis, and "same failure" for any pair. */
    static final class SaysSame implements Analyst.Run {
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<Analysis> analyze(PatternBrief brief) {
            return Optional.empty();
        }

        @Override
        public Optional<SameFailure> sameFailure(PatternBrief candidate, PatternBrief existing) {
            asked.add(candidate.ref() + "~" + existing.ref());
            return Optional.of(new SameFailure(true, "Both are refund deadline questions."));
        }

        @Override
        public Usage usage() {
            return new Usage("openai", "m1", 0, 0, 0, null, null);
        }

        @Override
        public List<String> dryRunRequests() {
            return List.of();
        }
    }

    @Test
    void aNewPatternNextToAKnownOne_getsAMergeProposal_thatChangesNothingElse() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T00:00:00Z"), ZoneOffset.UTC);
        try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), clock, SqliteStore.Durability.NORMAL,
                CaptureRules.STANDARD)) {
            float[][] vectors = {{1, 0}, {0.8f, 0.6f}, {0, 1}};
            List<NegativeRow> negatives = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                negatives.add(new NegativeRow("r" + i, Instant.EPOCH, "v1", "m", "How long do refunds take " + i,
                        "30 days", null, null, Set.of("regenerated"), null, List.of(), false));
            }
            PatternRecord known = pattern(Cause.PROMPT, 0.6, false);
            PatternRecord fresh = new PatternRecord("shop", "P-2", "Refund · Deadline", false, "d", List.of("refund"),
                    Cause.PROMPT, 0.6, null, "{}", PatternStatus.NEW, null, false, "m", new float[] {0.8f, 0.6f},
                    List.of(), 1, null, null);
            PatternRecord far = new PatternRecord("shop", "P-3", "Seats", false, "d", List.of("seat"), Cause.PROMPT,
                    0.6, null, "{}", PatternStatus.NEW, null, false, "m", new float[] {0, 1}, List.of(), 1, null, null);
            List<Triage.Group> groups = List.of(new Triage.Group(known, List.of(0)), new Triage.Group(null, List.of(1)),
                    new Triage.Group(null, List.of(2)));
            groups.get(1).id = "P-2";
            groups.get(2).id = "P-3";
            List<PatternRecord> records = new ArrayList<>(List.of(known, fresh, far));
            List<TriageReport.PatternSummary> summaries = new ArrayList<>();
            for (PatternRecord r : records) {
                summaries.add(new TriageReport.PatternSummary(r.patternId(), r.name(), r.description(), r.keywords(),
                        r.cause(), 0.6, 1, r != known, r.status(), 2.0, List.of(), Map.of(), List.of(), null));
            }
            SaysSame run = new SaysSame();
            AnalysisStep step = new AnalysisStep(store, run, new TextComposer(Redactor.standard(), 500), clock);

            step.apply("shop", groups, negatives, vectors, records, summaries);

            assertThat(run.asked).containsExactly("P-2~P-1");
            assertThat(step.proposals).extracting(AnalysisStep.Proposal::patternId).containsExactly("P-2");
            assertThat(JsonText.read(records.get(1).evidenceJson())).containsKey("merge_proposal");
            assertThat(summaries.get(1).evidence()).containsKey("merge_proposal");
            assertThat(records.get(1).status()).isEqualTo(PatternStatus.NEW);
            assertThat(records.get(1).mergedInto()).isNull();
            assertThat(JsonText.read(records.get(2).evidenceJson())).doesNotContainKey("merge_proposal");
        }
    }
}
