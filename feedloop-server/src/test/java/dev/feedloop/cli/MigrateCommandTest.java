package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Batch;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.Store;
import dev.feedloop.store.Thumbs;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.postgres.FromSqlite;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.postgres.TestPostgres;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code feedloop migrate}: a SQLite database with something in every table, moved into embedded PostgreSQL. */
class MigrateCommandTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final int RESPONSES = 250;

    @TempDir
    Path dir;

    /** Fills every table of a new SQLite database. */
    private Path sqliteWithEverything() {
        Path file = dir.resolve("feedloop.db");
        try (SqliteStore s = SqliteStore.open(file, CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD)) {
            List<ResponseRecord> responses = new ArrayList<>();
            List<FeedbackRecord> feedback = new ArrayList<>();
            for (int i = 0; i < RESPONSES; i++) {
                Instant ts = NOW.minus(Duration.ofMinutes(i * 7L));
                responses.add(new ResponseRecord("default", "r-" + i, ts, i % 2 == 0 ? "v1" : "v2", "m",
                        "question " + i + (i == 3 ? " with a NUL \u0000 and \uFFFF" : ""), "answer " + i,
                        i % 5 == 0 ? List.of(new RetrievedDoc("doc-" + i, "text \u0000 " + i, 0.5)) : List.of(),
                        "s-" + (i / 3), "u-" + i, i % 7 == 0 ? Map.of("tier", "gold \u0000") : Map.of()));
                if (i % 4 == 0) {
                    feedback.add(new FeedbackRecord("default", "e-" + i, "r-" + i, ts.plusSeconds(30), null, null,
                            Thumbs.DOWN, i % 8 == 0 ? "edited " + i : null, "bad \u0000 answer"));
                }
            }
            s.write(new Batch(responses, feedback));
            s.saveKey(new ApiKeyRecord("k-1", "default", ApiKeyRecord.Scope.ADMIN, "hash-1", NOW, null));
            s.saveKey(new ApiKeyRecord("k-2", "default", ApiKeyRecord.Scope.INGEST, "hash-2", NOW, NOW));
            s.setting("pseudonym_secret", () -> "ab".repeat(32));
            PatternRecord p = new PatternRecord("default", "P-1", "Refunds \u0000", false, "d", List.of("refund", "x\u0000"),
                    Cause.PROMPT, 0.7, null, "{\"lift\":2.5}", PatternStatus.OPEN, null, false, "m",
                    new float[] {1, 0}, List.of(new float[] {0.5f, 0.5f}), 3, NOW.minusSeconds(60), NOW);
            s.saveTriageRun(new TriageRunRecord("default", "run-1", NOW.minus(Duration.ofDays(7)), NOW, NOW, NOW, 3,
                    "{\"patterns\":[]}"), List.of(p), List.of(new Assignment("r-0", NOW, "P-1", 0.9),
                    new Assignment("r-4", NOW.minusSeconds(1680), "P-1", 0.85), new Assignment("r-8", NOW, null, null)));
            s.addPatternEvent("default", "P-1", NOW, "created", "by triage");
            s.addPatternEvent("default", "P-1", NOW, "renamed", "same millisecond, another event");
            s.saveFix(new FixRecord("default", "F-1", "P-1", NOW.minusSeconds(3600), "v2", "note \u0000", NOW, null, null,
                    null));
            s.enqueue("default", "run-1", List.of(new TicketRecord("default", "P-1", "local", "LOC-1", null, "open",
                    Cause.PROMPT, PatternStatus.OPEN, "Refunds", NOW, NOW)), List.of(new OutboxEntry(0, "default",
                    "create:P-1", "P-1", "create", "{\"x\":1}", "pending", 0, NOW, null, NOW)));
            s.saveAnalyses(List.of(new PatternAnalysis("default", "P-1", "anthropic", "claude", "Refund name", "desc",
                    Cause.RETRIEVAL, "why", "fix it", new float[] {1, 0}, 3, NOW)));
            s.saveVectors("m", Map.of("hash-a", new float[] {0.25f, 0.75f}, "hash-b", new float[] {1f, 0f}));
        }
        return file;
    }

    @Test
    void migrate_copiesEveryTable_andEveryValueReadsBackTheSame() {
        Path file = sqliteWithEverything();
        String url = TestPostgres.freshUrl();

        ImportCommandTest.Run r = ImportCommandTest.run("migrate", "--from", file.toString(), "--to", url);

        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        for (String table : List.of("responses", "feedback", "api_keys", "settings", "embeddings", "patterns",
                "pattern_events", "triage_runs", "assignments", "fixes", "tickets", "ticket_outbox",
                "pattern_analyses")) {
            assertThat(r.out()).containsPattern("(?m)^" + table + " +[0-9,]+ +[0-9,]+ +ok$");
        }
        assertThat(r.out()).containsPattern("(?m)^responses +250 +250 +ok$").contains("Every row of");
        assertThat(r.err()).contains("responses: 250 of 250 rows");
        try (SqliteStore from = SqliteStore.open(file, CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
                PostgresStore to = PostgresStore.open(PostgresUrl.parse(url, null), CLOCK, CaptureRules.STANDARD)) {
            assertSame(from, to);
        }
    }

    private static void assertSame(Store from, Store to) {
        for (int i = 0; i < RESPONSES; i++) {
            assertThat(to.response("default", "r-" + i)).as("r-" + i).isEqualTo(from.response("default", "r-" + i));
            assertThat(to.feedback("default", "r-" + i)).as("feedback of r-" + i)
                    .isEqualTo(from.feedback("default", "r-" + i));
        }
        assertThat(to.keys(null)).isEqualTo(from.keys(null));
        assertThat(to.setting("pseudonym_secret", () -> "other")).isEqualTo("ab".repeat(32));
        assertThat(to.patterns("default")).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(from.patterns("default"));
        assertThat(to.members("default", "P-1", Instant.EPOCH, NOW.plusSeconds(1))).containsExactly("r-4", "r-0");
        assertThat(to.patternEvents("default", "P-1")).isEqualTo(from.patternEvents("default", "P-1")).hasSize(2);
        assertThat(to.triageRun("default", "run-1")).isEqualTo(from.triageRun("default", "run-1"));
        assertThat(to.fixes("default", null)).isEqualTo(from.fixes("default", null));
        assertThat(to.tickets("default")).isEqualTo(from.tickets("default"));
        assertThat(to.undelivered("default")).isEqualTo(from.undelivered("default")).hasSize(1);
        assertThat(to.unroutedRuns("default")).isEmpty();
        assertThat(to.analyses("default").get("P-1")).usingRecursiveComparison()
                .isEqualTo(from.analyses("default").get("P-1"));
        assertThat(to.vectors(List.of("hash-a", "hash-b"))).usingRecursiveComparison()
                .isEqualTo(from.vectors(List.of("hash-a", "hash-b")));
        assertThat(to.countResponses("default", Instant.EPOCH, NOW.plusSeconds(1), "v2")).isEqualTo(RESPONSES / 2);
        assertThat(to.negatives("default", Instant.EPOCH, NOW.plusSeconds(1), dev.feedloop.store.NegativeRules.DEFAULT))
                .isEqualTo(from.negatives("default", Instant.EPOCH, NOW.plusSeconds(1),
                        dev.feedloop.store.NegativeRules.DEFAULT));
    }

    @Test
    void migrate_interruptedMidTable_continuesAfterTheLastBatch_andRunningAgainChangesNothing() {
        Path file = sqliteWithEverything();
        String url = TestPostgres.freshUrl();
        PostgresUrl target = PostgresUrl.parse(url, null);
        PostgresStore.open(target, CLOCK, CaptureRules.STANDARD).close();
        AtomicInteger batches = new AtomicInteger();
        assertThatThrownBy(() -> new FromSqlite(file, target, 40).copy((table, done, total) -> {
            if (table.equals("responses") && done < total && batches.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
        })).hasMessage("killed");

        AtomicLong firstResponses = new AtomicLong(-1);
        List<FromSqlite.TableCount> counts = new FromSqlite(file, target, 40).copy((table, done, total) -> {
            if (table.equals("responses")) {
                firstResponses.compareAndSet(-1, done);
            }
        });
        assertThat(firstResponses.get()).as("the first batch after the resume").isEqualTo(4 * 40);
        assertThat(counts).allMatch(c -> c.source() == c.target(), counts.toString());

        ImportCommandTest.Run again = ImportCommandTest.run("migrate", "--from", file.toString(), "--to", url);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).containsPattern("(?m)^pattern_events +2 +2 +ok$");
        try (SqliteStore from = SqliteStore.open(file, CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
                PostgresStore to = PostgresStore.open(target, CLOCK, CaptureRules.STANDARD)) {
            assertSame(from, to);
            to.addPatternEvent("default", "P-1", NOW, "merged", "a new event after the migration");
            assertThat(to.patternEvents("default", "P-1")).hasSize(3);
        }
    }

    @Test
    void migrate_intoADatabaseWithAnotherPseudonymSecret_isRefusedInOneSentence() {
        Path file = sqliteWithEverything();
        String url = TestPostgres.freshUrl();
        try (PostgresStore to = PostgresStore.open(PostgresUrl.parse(url, null), CLOCK, CaptureRules.STANDARD)) {
            to.setting("pseudonym_secret", () -> "cd".repeat(32));
        }

        ImportCommandTest.Run r = ImportCommandTest.run("migrate", "--from", file.toString(), "--to", url);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(lastLine(r)).startsWith("feedloop: ").endsWith("migrate into a new, empty PostgreSQL database")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void migrate_badArguments_areOneSentenceEach() {
        ImportCommandTest.Run notPostgres = ImportCommandTest.run("migrate", "--from", dir.resolve("x.db").toString(),
                "--to", "jdbc:mysql://h/db");
        assertThat(notPostgres.exit()).isEqualTo(1);
        assertThat(lastLine(notPostgres)).isEqualTo(
                "feedloop: --to must be a PostgreSQL URL, jdbc:postgresql://host:5432/db?user=NAME");

        ImportCommandTest.Run noFile = ImportCommandTest.run("migrate", "--from", dir.resolve("x.db").toString(),
                "--to", TestPostgres.url());
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(lastLine(noFile)).startsWith("feedloop: there is no SQLite database at ").doesNotContain("\n");

        ImportCommandTest.Run unreachable = ImportCommandTest.run("migrate", "--from", sqliteWithEverything().toString(),
                "--to", "jdbc:postgresql://127.0.0.1:1/feedloop?user=x");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(lastLine(unreachable)).startsWith("feedloop: cannot open the PostgreSQL database")
                .doesNotContain("\n").doesNotContain("\tat ");
    }

    /** The command's own last line on stderr (the test JVM's log lines go there too). */
    private static String lastLine(ImportCommandTest.Run r) {
        String[] lines = r.err().strip().split("\n");
        assertThat(r.err()).doesNotContain("\tat ");
        return lines[lines.length - 1];
    }
}
