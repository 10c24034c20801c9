package dev.feedloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Batch;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionCommandTest {
    @TempDir
    Path dir;

    @Test
    void retention_withoutApply_changesNothing_andWithApply_dropsOnlyTheOldText() {
        Path db = dir.resolve("feedloop.db");
        Instant now = Instant.now();
        try (SqliteStore s = SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL,
                CaptureRules.STANDARD)) {
            s.write(new Batch(List.of(response("old", now.minus(Duration.ofDays(40))),
                    response("new", now.minus(Duration.ofDays(1)))), List.of()));
        }

        ImportCommandTest.Run dry = ImportCommandTest.run("retention", "--days", "30", "--db", db.toString());
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("default: 1 responses before").contains("Nothing changed");
        assertThat(input(db, "old")).isEqualTo("question old");

        ImportCommandTest.Run applied = ImportCommandTest.run("retention", "--days", "30", "--apply", "--db",
                db.toString());
        assertThat(applied.exit()).isZero();
        assertThat(applied.out()).startsWith("Dropped the text of 1 responses and 0 feedback events before ");
        assertThat(input(db, "old")).isEmpty();
        assertThat(input(db, "new")).isEqualTo("question new");
    }

    @Test
    void retention_withoutDays_isOneSentence() {
        ImportCommandTest.Run r = ImportCommandTest.run("retention", "--db", dir.resolve("x.db").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("give --days N or set FEEDLOOP_RETAIN_TEXT_DAYS").doesNotContain("\tat ");
    }

    private static ResponseRecord response(String id, Instant ts) {
        return new ResponseRecord("default", id, ts, "v1", null, "question " + id, "answer " + id, List.of(), null,
                null, Map.of());
    }

    private static String input(Path db, String id) {
        try (SqliteStore s = SqliteStore.open(db, Clock.systemUTC(), SqliteStore.Durability.NORMAL,
                CaptureRules.STANDARD)) {
            return s.response("default", id).orElseThrow().record().userInput();
        }
    }
}
