package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.store.Batch;
import dev.feedloop.store.Cause;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.triage.redact.Redactor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pattern's failing cases as a regression set: redacted, with the users' edits as references. */
class RegressionSetTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    RoutingWorld world;
    RegressionSet set;

    @BeforeEach
    void open() {
        world = new RoutingWorld(dir);
        world.pattern("P-1", Cause.PROMPT);
        world.week(0, "P-1", 3, true);
        set = new RegressionSet(world.store, world.store, Redactor.standard());
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void cases_holdThePatternsFailingResponses_redacted_withTheUsersEditAsReference() {
        List<RegressionSet.Case> cases = set.cases(RoutingWorld.PROJECT, "P-1");

        assertThat(cases).hasSize(3);
        RegressionSet.Case c = cases.get(0);
        assertThat(c.input()).contains("refund").doesNotContain("ann@example.com");
        assertThat(c.failedOutput()).isEqualTo("Refunds take ```30``` days.");
        assertThat(c.reference()).isEqualTo("Refunds take 14 days.");
        assertThat(c.signal()).isEqualTo("edited");
    }

    @Test
    void promptfoo_isPromptfoosTestCaseShape_varsAndAssert() throws Exception {
        JsonNode tests = JSON.readTree(set.write(set.cases(RoutingWorld.PROJECT, "P-1"), RegressionSet.Format.PROMPTFOO));

        assertThat(tests.isArray()).isTrue();
        JsonNode t = tests.get(0);
        assertThat(t.get("vars").get("input").asText()).contains("refund");
        assertThat(t.get("assert").get(0).get("type").asText()).isEqualTo("not-equals");
        assertThat(t.get("assert").get(1).get("type").asText()).isEqualTo("similar");
        assertThat(t.get("assert").get(1).get("value").asText()).isEqualTo("Refunds take 14 days.");
        assertThat(t.get("assert").get(1).get("threshold").asDouble()).isEqualTo(0.8);
    }

    @Test
    void jsonlAndCsv_oneCaseALine_withContextDocIds() throws Exception {
        world.store.write(new Batch(List.of(new ResponseRecord(RoutingWorld.PROJECT, "ctx-1", RoutingWorld.START,
                "v1", "m", "=SUM(A1)", "out", List.of(new RetrievedDoc("kb-7", "text", 0.3)), null, null, null)),
                List.of()));
        world.store.saveTriageRun(new dev.feedloop.store.TriageRunRecord(RoutingWorld.PROJECT, "run-x",
                RoutingWorld.START, RoutingWorld.START.plusSeconds(1), RoutingWorld.START, RoutingWorld.START, 1, "{}"),
                List.of(), List.of(new dev.feedloop.store.Assignment("ctx-1", RoutingWorld.START, "P-1", 0.9)));
        List<RegressionSet.Case> cases = set.cases(RoutingWorld.PROJECT, "P-1");

        List<String> lines = set.write(cases, RegressionSet.Format.JSONL).lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("context_doc_ids").get(0).asText()).isEqualTo("kb-7");
        assertThat(first.get("reference").isNull()).isTrue();

        String csv = set.write(cases, RegressionSet.Format.CSV);
        assertThat(csv).startsWith("request_id,pattern_id,input,context_doc_ids,failed_output,reference,signal\r\n")
                .contains("\"ctx-1\",\"P-1\",\"'=SUM(A1)\",\"kb-7\"");
    }

    @Test
    void unknownFormat_isRefusedByName() {
        assertThatThrownBy(() -> RegressionSet.Format.of("yaml")).hasMessageContaining("jsonl, csv or promptfoo");
    }
}
