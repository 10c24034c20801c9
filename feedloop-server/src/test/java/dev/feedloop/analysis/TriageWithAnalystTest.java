package dev.feedloop.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.analysis.FakeLlm.Answer;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.store.Cause;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.triage.TriageReport;
import dev.feedloop.triage.Triage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage with the LLM analyst end to end, against a local server in the OpenAI chat-completions
 * shape: an outage leaves the offline labels and the run succeeds; a working analyst names,
 * describes and suggests fixes without moving any count, id or counted cause; a second run over
 * the same window pays for nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriageWithAnalystTest {
    @TempDir
    static Path dir;
    static Feedloop feedloop;
    static GroundTruth truth;
    static Instant from;
    static Instant to;
    static TriageReport offline;

    @BeforeAll
    static void world() throws Exception {
        WorldSpec spec = WorldSpec.defaults().withDays(14).withPerDay(400);
        truth = Simulator.run(spec, dir);
        from = spec.start().atStartOfDay().toInstant(ZoneOffset.UTC);
        to = from.plus(Duration.ofDays(spec.days()));
        feedloop = Feedloop.open(dir.resolve("a.db").toString(), Clock.fixed(to, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, "");
        FileImporter importer = new FileImporter(feedloop.ingestor(), truth.project());
        importer.importFile(dir.resolve(Simulator.RESPONSES_FILE), (f, r, t, l) -> { });
        importer.importFile(dir.resolve(Simulator.FEEDBACK_FILE), (f, r, t, l) -> { });
    }

    @AfterAll
    static void close() {
        feedloop.close();
    }

    static TriageReport run(FakeLlm llm) {
        Triage triage = feedloop.triage(TriageConfig.DEFAULT, llm.openAi(Map.of()), false);
        return triage.run(truth.project(), from, to, Triage.Listener.NONE);
    }

    static Feedloop open(String file) {
        return Feedloop.open(dir.resolve(file).toString(), Clock.fixed(to, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, "");
    }

    static Map<String, Integer> counts(TriageReport r) {
        Map<String, Integer> out = new LinkedHashMap<>();
        r.patterns().forEach(p -> out.put(p.id(), p.count()));
        return out;
    }

    @Test
    @Order(1)
    void anOutage_leavesTheOfflineLabels_andTheRunSucceeds() throws Exception {
        try (FakeLlm llm = new FakeLlm()) {
            llm.then(Answer.status(500, Map.of()));
            offline = run(llm);

            assertThat(offline.patterns()).isNotEmpty();
            assertThat(offline.llm()).containsEntry("provider", "openai").containsEntry("stopped_because", "outage");
            assertThat(offline.patterns()).allSatisfy(p -> {
                assertThat(p.name()).doesNotContain("Baggage fees quoted from old policy");
                assertThat(p.evidence()).doesNotContainKey("llm");
            });
            assertThat(llm.calls.size()).isLessThanOrEqualTo(3);
            assertThat(feedloop.store().analyses(truth.project())).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aWorkingAnalyst_namesAndSuggests_butMovesNoCountIdOrCountedCause() throws Exception {
        // a twin database in the same state runs the same triage offline: the baseline of every count
        feedloop.close();
        java.nio.file.Files.copy(dir.resolve("a.db"), dir.resolve("b.db"));
        feedloop = open("a.db");
        TriageReport twin;
        try (Feedloop other = open("b.db")) {
            twin = other.triage(TriageConfig.DEFAULT, Analyst.offline(), false).run(truth.project(), from, to,
                    Triage.Listener.NONE);
        }
        try (FakeLlm llm = new FakeLlm()) {
            // the model calls everything a model limitation: only patterns the rules could not explain may follow it
            llm.then(Answer.ok(FakeLlm.openAiContent(FakeLlm.goodAnalysis().put("cause", "model_limitation")
                    .toString(), 1000, 150)));
            TriageReport withLlm = run(llm);

            assertThat(counts(withLlm)).isEqualTo(counts(twin));
            assertThat(withLlm.unassignedRequestIds()).isEqualTo(twin.unassignedRequestIds());
            assertThat(twin.llm()).isNull();
            assertThat(llm.calls).hasSize(withLlm.patterns().size());
            assertThat(withLlm.llm()).containsEntry("calls", withLlm.patterns().size())
                    .containsEntry("input_tokens", 1000L * withLlm.patterns().size());
            Map<String, Cause> offlineCauses = new LinkedHashMap<>();
            twin.patterns().forEach(p -> offlineCauses.put(p.id(), p.cause()));
            for (TriageReport.PatternSummary p : withLlm.patterns()) {
                assertThat(p.name()).isEqualTo("Baggage fees quoted from old policy");
                assertThat(p.suggestedFix()).startsWith("Re-index the 2025 fee table");
                Cause before = offlineCauses.get(p.id());
                assertThat(p.cause()).isEqualTo(before == Cause.UNKNOWN ? Cause.MODEL_LIMITATION : before);
                assertThat(p.evidence()).containsKey("llm");
            }
            String json = TriageJson.write(withLlm);
            assertThat(json).contains("\"suggested_fix\":\"Re-index the 2025 fee table", "\"llm\":{\"provider\":\"openai\"");
            for (PatternRecord p : feedloop.store().patterns(truth.project())) {
                assertThat(JsonText.read(p.evidenceJson())).containsKey("llm");
            }
        }
    }

    @Test
    @Order(3)
    void theSameWindowAgain_paysForNothing_andKeepsTheAnalysis() throws Exception {
        try (FakeLlm llm = new FakeLlm()) {
            llm.then(Answer.status(500, Map.of()));
            TriageReport again = run(llm);

            assertThat(llm.calls).isEmpty();
            assertThat(again.llm()).containsEntry("calls", 0);
            assertThat(again.patterns()).allSatisfy(p ->
                    assertThat(p.name()).isEqualTo("Baggage fees quoted from old policy"));
        }
    }

    @Test
    @Order(4)
    void aDryRun_sendsNothing_andShowsTheRedactedRequests() throws Exception {
        try (FakeLlm llm = new FakeLlm()) {
            feedloop.store().saveAnalyses(List.of()); // the cache stays; a dry run asks for nothing it holds
            Triage triage = feedloop.triage(TriageConfig.DEFAULT, llm.openAi(Map.of()), true);
            triage.run(truth.project(), from.plus(Duration.ofDays(7)), to, Triage.Listener.NONE);

            assertThat(llm.calls).isEmpty();
            assertThat(triage.llmDryRunRequests()).allSatisfy(r -> {
                assertThat(r).startsWith("POST ").contains("/v1/chat/completions").doesNotContain(FakeLlm.KEY);
                assertThat(r).doesNotContainPattern("[\\w.]+@[\\w.]+\\.\\w{2,}");
            });
        }
    }
}
