package dev.feedloop.cli;

import static dev.feedloop.cli.ImportCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.Feedloop;
import dev.feedloop.cli.ImportCommandTest.Run;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feedloop route} without a tracker: tickets live in the database and show in patterns. */
class RouteCommandTest {
    @TempDir
    Path dir;

    String db() {
        return dir.resolve("feedloop.db").toString();
    }

    @BeforeEach
    void world() throws Exception {
        Path file = Files.write(dir.resolve("other.jsonl"), List.of(
                "{\"type\":\"response\",\"project\":\"other\",\"request_id\":\"o1\",\"prompt_version\":\"v1\","
                        + "\"user_input\":\"q\",\"llm_output\":\"a\",\"timestamp\":\"2026-11-20T10:00:00Z\"}"));
        assertThat(run("import", "--db", db(), file.toString()).exit()).isZero();
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().savePatterns(List.of(FirstHourTest.pattern("P-1", "prompt", "open"),
                    FirstHourTest.pattern("P-2", "model_limitation", "open"),
                    FirstHourTest.pattern("P-3", "unknown", "new")));
        }
    }

    @Test
    void dryRun_printsWhatWouldBeSent_andChangesNothing() {
        Run r = run("route", "--dry-run", "--db", db(), "--project", "other");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tracker: local", "would enqueue 1:", "create", "[prompt fix] P-1");
        assertThat(run("route", "--status", "--db", db(), "--project", "other").out()).contains("tickets (0)");
    }

    @Test
    void route_createsTheTicketInTheDatabase_andStatusShowsItWithTheTwoLists() {
        Run r = run("route", "--db", db(), "--project", "other");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tracker local: 1 enqueued, 1 sent");

        Run status = run("route", "--status", "--db", db(), "--project", "other");
        assertThat(status.out()).contains("local:P-1", "escalation list", "P-2", "needs review", "P-3",
                "outbox (0 not sent)");
        assertThat(run("patterns", "--db", db(), "--project", "other").out()).contains("local:P-1");
        assertThat(run("patterns", "show", "P-1", "--json", "--db", db(), "--project", "other").out())
                .contains("\"ticket\"", "\"key\" : \"local:P-1\"");
        assertThat(run("route", "--db", db(), "--project", "other").out()).contains("0 enqueued, 0 sent");
    }

    @Test
    void patternsExport_writesThePromptfooTestCasesToAFile() throws Exception {
        Path out = dir.resolve("p1.json");
        try (Feedloop f = Feedloop.open(db(), Clock.systemUTC(), SqliteStore.Durability.NORMAL, "")) {
            f.store().saveTriageRun(new dev.feedloop.store.TriageRunRecord("other", "run-1",
                    java.time.Instant.parse("2026-11-20T00:00:00Z"), java.time.Instant.parse("2026-11-21T00:00:00Z"),
                    java.time.Instant.parse("2026-11-21T00:00:00Z"), java.time.Instant.parse("2026-11-21T00:00:00Z"),
                    1, "{}"), List.of(), List.of(new dev.feedloop.store.Assignment("o1",
                    java.time.Instant.parse("2026-11-20T10:00:00Z"), "P-1", 0.9)));
        }

        Run r = run("patterns", "export", "P-1", "--format", "promptfoo", "--out", out.toString(), "--db", db(),
                "--project", "other");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("1 cases of P-1");
        assertThat(Files.readString(out)).contains("\"vars\"", "\"assert\"", "\"input\" : \"q\"");
        Run jsonl = run("patterns", "export", "P-1", "--db", db(), "--project", "other");
        assertThat(jsonl.out()).contains("\"request_id\":\"o1\"");
    }
}
