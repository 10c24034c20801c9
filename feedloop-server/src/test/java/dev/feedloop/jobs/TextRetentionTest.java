package dev.feedloop.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Batch;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetentionStore.Dropped;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextRetentionTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;

    private static ResponseRecord response(String id, Instant ts) {
        return new ResponseRecord("default", id, ts, "v1", null, "question " + id, "answer " + id, List.of(), null,
                null, Map.of());
    }

    private static boolean hasText(SqliteStore store, String id) {
        return !store.response("default", id).orElseThrow().record().userInput().isEmpty();
    }

    @Test
    void dailyRuns_dropWhatAgedPastTheCutoff_andTheCommandPassAlsoFindsLateImports() {
        SeveralInstancesTest.MovableClock clock = new SeveralInstancesTest.MovableClock();
        clock.now = NOW;
        try (SqliteStore store = SqliteStore.open(dir.resolve("r.db"), clock, SqliteStore.Durability.NORMAL,
                CaptureRules.STANDARD)) {
            for (int day = 0; day < 12; day++) {
                store.write(new Batch(List.of(response("d" + day, NOW.minus(Duration.ofDays(day)))), List.of()));
            }
            TextRetention retention = new TextRetention(store, 10, clock);
            assertThat(retention.cutoff()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));

            assertThat(retention.run(false)).isEqualTo(new Dropped(1, 0)); // 11 days ago; 10 days ago is Nov 10 12:00, after the cutoff
            assertThat(hasText(store, "d11")).isFalse();
            assertThat(hasText(store, "d10")).isTrue();
            assertThat(store.textDroppedBefore("default")).hasValue(retention.cutoff());

            store.write(new Batch(List.of(response("late", NOW.minus(Duration.ofDays(30)))), List.of()));
            clock.advance(Duration.ofDays(1));
            assertThat(retention.run(false)).as("the next day: one more day aged out, the late import is before"
                    + " the last pass").isEqualTo(new Dropped(1, 0));
            assertThat(hasText(store, "d10")).isFalse();
            assertThat(hasText(store, "late")).isTrue();

            assertThat(retention.run(true)).isEqualTo(new Dropped(1, 0));
            assertThat(hasText(store, "late")).isFalse();
            assertThat(hasText(store, "d9")).isTrue();
            assertThat(store.countResponses("default", Instant.EPOCH, NOW.plusSeconds(1), null)).isEqualTo(13);
        }
    }

    @Test
    void keepingLessThanADay_isRefused() {
        assertThatThrownBy(() -> new TextRetention(null, 0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
