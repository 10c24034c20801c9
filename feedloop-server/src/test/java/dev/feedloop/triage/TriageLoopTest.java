package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.Feedloop;
import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.capture.FileImporter;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.Simulator;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.Evaluation;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage end to end on a small simulated world, with the real local embedding model: patterns are
 * found, ids are stable when the same window runs again, and human edits stick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriageLoopTest {
    @TempDir
    static Path dir;
    static Feedloop feedloop;
    static GroundTruth truth;
    static Instant from;
    static Instant to;
    static TriageReport first;

    @BeforeAll
    static void simulateImportAndTriage() throws Exception {
        WorldSpec spec = WorldSpec.defaults().withDays(21).withPerDay(500);
        truth = Simulator.run(spec, dir);
        from = spec.start().atStartOfDay().toInstant(ZoneOffset.UTC);
        to = from.plus(Duration.ofDays(spec.days()));
        feedloop = Feedloop.open(dev.feedloop.TestDatabases.fresh(dir, "t.db"), Clock.fixed(to, ZoneOffset.UTC),
                SqliteStore.Durability.NORMAL, "");
        FileImporter importer = new FileImporter(feedloop.ingestor(), truth.project());
        importer.importFile(dir.resolve(Simulator.RESPONSES_FILE), (f, r, t, l) -> { });
        importer.importFile(dir.resolve(Simulator.FEEDBACK_FILE), (f, r, t, l) -> { });
        first = feedloop.triage(TriageConfig.DEFAULT).run(truth.project(), from, to, Triage.Listener.NONE);
    }

    @AfterAll
    static void close() {
        feedloop.close();
    }

    @Test
    @Order(1)
    void triage_selectsEveryPlantedFailureAsNegative() {
        Set<String> planted = Set.copyOf(truth.failingRequestIds());
        Set<String> selected = feedloop.store().negatives(truth.project(), from, to, TriageConfig.DEFAULT.rules())
                .stream().map(n -> n.requestId()).collect(Collectors.toSet());
        long covered = planted.stream().filter(selected::contains).count();
        assertThat((double) covered / planted.size()).isGreaterThan(0.95);
    }

    @Test
    @Order(2)
    void triage_findsMostPlantedPatternsWithFewSpurious() {
        Evaluation.Score score = Evaluation.score(truth, feedloop.store(), truth.project());
        assertThat(score.recall()).as(score.toString()).isGreaterThanOrEqualTo(4 / 6.0);
        assertThat(score.purity()).isGreaterThan(0.8);
        assertThat(score.spurious()).isLessThanOrEqualTo(truth.patterns().size());
    }

    @Test
    @Order(2)
    void triage_findsTheAnswerSidePlantedPatternsFromTheirAnswers_andMixesNone() {
        Evaluation.Score score = Evaluation.score(truth, feedloop.store(), truth.project());
        assertThat(score.of("answer")).as(score.toString()).hasSize(2).allSatisfy(m -> {
            assertThat(m.found()).as(m.plantedId()).isTrue();
            assertThat(m.foundView()).as(m.plantedId()).startsWith("answer.");
            assertThat(m.foundCause()).as(m.plantedId()).isEqualTo(m.cause());
        });
        assertThat(score.mixed()).isZero();
        assertThat(first.stats()).containsKey("answer_patterns");
    }

    @Test
    @Order(3)
    void triageJson_hasTheInterfaceShape() {
        JsonNode json = TriageJson.tree(first);
        for (String field : List.of("run_id", "from", "to", "negatives", "patterns", "unassigned_request_ids")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        JsonNode pattern = json.get("patterns").get(0);
        for (String field : List.of("id", "name", "description", "keywords", "cause", "cause_confidence", "count",
                "new", "status", "request_ids", "view")) {
            assertThat(pattern.has(field)).as(field).isTrue();
        }
        assertThat(pattern.get("cause").asText()).isIn("prompt", "retrieval", "model_limitation", "unknown");
        int members = 0;
        for (JsonNode p : json.get("patterns")) {
            members += p.get("request_ids").size();
            assertThat(p.get("count").asInt()).isEqualTo(p.get("request_ids").size());
        }
        assertThat(members + json.get("unassigned_request_ids").size()).isEqualTo(json.get("negatives").asInt());
    }

    @Test
    @Order(4)
    void triage_sameWindowAgain_keepsEveryPatternIdAndCreatesNone() {
        TriageReport again = feedloop.triage(TriageConfig.DEFAULT).run(truth.project(), from, to,
                Triage.Listener.NONE);
        assertThat(again.patterns()).noneMatch(TriageReport.PatternSummary::isNew);
        Set<String> before = first.patterns().stream().map(TriageReport.PatternSummary::id).collect(Collectors.toSet());
        Set<String> after = again.patterns().stream().map(TriageReport.PatternSummary::id).collect(Collectors.toSet());
        assertThat(after).isSubsetOf(before);
    }

    @Test
    @Order(6)
    void reaskDetector_paraphraseInTheSameSession_isMarkedAndADifferentQuestionIsNot() {
        Instant t = to.minus(Duration.ofHours(1));
        List<ResponseRecord> rows = List.of(
                response("para-1", "s-para", t, "How much does it cost to bring a second suitcase?"),
                response("para-2", "s-para", t.plusSeconds(90), "how much is it to bring a 2nd suitcase"),
                response("diff-1", "s-diff", t, "How much does it cost to bring a second suitcase?"),
                response("diff-2", "s-diff", t.plusSeconds(90), "Can I change the name on my booking?"));
        feedloop.store().write(new Batch(rows, List.of()));

        new ReaskDetector(feedloop.store(), new EmbeddingService(feedloop.store(), feedloop.embedder()))
                .detect(truth.project(), t.minusSeconds(1), to);

        assertThat(feedloop.store().response(truth.project(), "para-1").orElseThrow().reasked()).isTrue();
        assertThat(feedloop.store().response(truth.project(), "diff-1").orElseThrow().reasked()).isFalse();
    }

    @Test
    @Order(7)
    void reaskDetector_paraphraseAfterAnAcceptedAnswer_isNotMarked() {
        Instant t = to.minus(Duration.ofMinutes(30));
        feedloop.store().write(new Batch(List.of(
                response("acc-1", "s-acc", t, "How much does it cost to bring a second suitcase?"),
                response("acc-2", "s-acc", t.plusSeconds(90), "how much is it to bring a 2nd suitcase")),
                List.of(new FeedbackRecord(truth.project(), "acc-e", "acc-1", t.plusSeconds(30),
                        ImplicitSignal.ACCEPTED, null, null, null, null))));

        new ReaskDetector(feedloop.store(), new EmbeddingService(feedloop.store(), feedloop.embedder()))
                .detect(truth.project(), t.minusSeconds(1), to);

        assertThat(feedloop.store().response(truth.project(), "acc-1").orElseThrow().reasked()).isFalse();
    }

    private static ResponseRecord response(String id, String session, Instant ts, String input) {
        return new ResponseRecord(truth.project(), id, ts, "support-v9", "model-a", input, "An answer.", List.of(),
                session, null, null);
    }

    @Test
    @Order(5)
    void humanEdits_stickInTheNextRun() {
        List<PatternRecord> patterns = feedloop.store().patterns(truth.project());
        assertThat(patterns.size()).isGreaterThanOrEqualTo(3);
        PatternEditor editor = new PatternEditor(feedloop.store(),
                new EmbeddingService(feedloop.store(), feedloop.embedder()), feedloop.clock());
        String renamed = patterns.get(0).patternId();
        String dismissed = patterns.get(1).patternId();
        String mergedFrom = patterns.get(2).patternId();
        editor.rename(truth.project(), renamed, "Named by a reviewer");
        editor.dismiss(truth.project(), dismissed);
        editor.merge(truth.project(), mergedFrom, renamed);

        TriageReport next = feedloop.triage(TriageConfig.DEFAULT).run(truth.project(), from, to, Triage.Listener.NONE);

        assertThat(next.patterns()).filteredOn(p -> p.id().equals(renamed)).singleElement()
                .extracting(TriageReport.PatternSummary::name).isEqualTo("Named by a reviewer");
        assertThat(next.patterns()).noneMatch(p -> p.id().equals(dismissed) || p.id().equals(mergedFrom));
        assertThat(feedloop.store().pattern(truth.project(), mergedFrom).orElseThrow().status()).isEqualTo(dev.feedloop.store.PatternStatus.fromWire("merged"));
    }
}
