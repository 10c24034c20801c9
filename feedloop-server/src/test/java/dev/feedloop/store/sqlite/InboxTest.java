package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.inbox.FakeTicker;
import dev.feedloop.store.sqlite.inbox.Inbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous ingest through the inbox: acknowledged, deduplicated, readable at once. The inbox's
 * time stands still unless a test advances it: the applier goes when a read waits for it (or a full
 * batch, or closing), never because a delay passed.
 */
class InboxTest {
    private static final Instant TS = Instant.parse("2026-11-20T11:00:00Z");

    @TempDir
    Path dir;

    private final FakeTicker time = new FakeTicker();

    private static ResponseRecord response(String requestId) {
        return new ResponseRecord("default", requestId, TS, "v1", "m", "question " + requestId,
                "answer " + requestId, List.of(), null, null, Map.of());
    }

    private static FeedbackRecord feedback(String eventId, String requestId) {
        return new FeedbackRecord("default", eventId, requestId, TS.plusSeconds(5), ImplicitSignal.REGENERATED,
                null, null, null, null);
    }

    private SqliteStore open() {
        return SqliteStore.open(dir.resolve("f.db"), SqliteStoreTest.CLOCK, SqliteStore.Durability.FULL,
                CaptureRules.STANDARD, time);
    }

    @Test
    void acknowledgedWritesAreReadableAtOnceAndReportedDuplicateWhenRepeated() throws Exception {
        try (SqliteStore store = open()) {
            assertThat(Files.isDirectory(dir.resolve("f.db-inbox.d"))).isTrue();
            WriteResult first = store.writeAsync(new Batch(List.of(response("r1")), List.of(feedback("e1", "r1"))))
                    .get(10, TimeUnit.SECONDS);
            // repeated before it was applied (pending in the inbox) and in the same batch twice
            WriteResult again = store.writeAsync(new Batch(List.of(response("r1")),
                    List.of(feedback("e1", "r1"), feedback("e2", "r1"), feedback("e2", "r1"))))
                    .get(10, TimeUnit.SECONDS);
            assertThat(first.stored()).isEqualTo(2);
            assertThat(again.responsesStored()).containsExactly(false);
            assertThat(again.feedbackStored()).containsExactly(false, true, false);

            // the read waits for the inbox: both events are there, once each
            assertThat(store.response("default", "r1")).isPresent();
            assertThat(store.feedback("default", "r1")).extracting(f -> f.record().eventId())
                    .containsExactlyInAnyOrder("e1", "e2");

            // repeated after it was applied: the main database answers
            WriteResult later = store.writeAsync(new Batch(List.of(response("r1"), response("r2")),
                    List.of(feedback("e1", "r1"), feedback("e3", "r1")))).get(10, TimeUnit.SECONDS);
            assertThat(later.responsesStored()).containsExactly(false, true);
            assertThat(later.feedbackStored()).containsExactly(false, true);
        }
    }

    @Test
    void anEditAppendedBeforeItsResponseIsMeasuredWhenBothAreAppliedTogether() throws Exception {
        try (SqliteStore store = open()) {
            FeedbackRecord edit = new FeedbackRecord("default", "e-edit", "r-late", TS.plusSeconds(5),
                    ImplicitSignal.EDITED, null, null, "answer r-late, corrected", null);
            // two acknowledged entries, the edit first; the first read applies both in one transaction
            store.writeAsync(new Batch(List.of(), List.of(edit))).get(10, TimeUnit.SECONDS);
            store.writeAsync(new Batch(List.of(response("r-late")), List.of())).get(10, TimeUnit.SECONDS);
            // a second edit after the response, same transaction: the response's absence noted for
            // the first edit must not hide it now
            store.writeAsync(new Batch(List.of(), List.of(new FeedbackRecord("default", "e-edit-2", "r-late",
                    TS.plusSeconds(6), ImplicitSignal.EDITED, null, null, "answer r-late", null))))
                    .get(10, TimeUnit.SECONDS);

            assertThat(store.feedback("default", "r-late"))
                    .extracting(f -> f.record().eventId(), f -> f.editMagnitude())
                    .containsExactlyInAnyOrder(tuple("e-edit", 1.0 / 4), tuple("e-edit-2", 0.0));
        }
    }

    @Test
    void manyConcurrentWritersLoseNothing() throws Exception {
        try (SqliteStore store = open()) {
            store.write(new Batch(List.of(response("r")), List.of()));
            List<CompletableFuture<WriteResult>> acks = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                acks.add(store.writeAsync(new Batch(List.of(), List.of(feedback("e" + i, "r")))));
            }
            for (CompletableFuture<WriteResult> ack : acks) {
                assertThat(ack.get(30, TimeUnit.SECONDS).stored()).isEqualTo(1);
            }
            assertThat(store.feedback("default", "r")).hasSize(3_000);
        }
    }

    @Test
    void ingestFasterThanTheDatabaseWaitsForRoomInsteadOfFailing() throws Exception {
        int batches = 2 * Inbox.MAX_BACKLOG_EVENTS / 1_000 + 10; // well past the backlog limit
        try (SqliteStore store = open()) {
            store.write(new Batch(List.of(response("r")), List.of()));
            List<CompletableFuture<WriteResult>> acks = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<FeedbackRecord> events = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    events.add(feedback("b" + b + "-" + i, "r"));
                }
                acks.add(store.writeAsync(new Batch(List.of(), events)));
            }
            for (CompletableFuture<WriteResult> ack : acks) {
                assertThat(ack.get(60, TimeUnit.SECONDS).stored()).isEqualTo(1_000);
            }
            assertThat(store.feedback("default", "r")).hasSize(batches * 1_000);
        }
    }

    @Test
    void aSecondStoreOnTheSameFileWritesDirectly() throws Exception {
        try (SqliteStore owner = open(); SqliteStore other = open()) {
            other.writeAsync(new Batch(List.of(response("r1")), List.of(feedback("e1", "r1")))).get(10, TimeUnit.SECONDS);
            owner.writeAsync(new Batch(List.of(), List.of(feedback("e2", "r1")))).get(10, TimeUnit.SECONDS);
            assertThat(owner.feedback("default", "r1")).hasSize(2);
            assertThat(other.feedback("default", "r1")).hasSize(2);
        }
    }

    private static void awaitKeyFilter(SqliteStore store) throws Exception {
        // the build starts on the inbox's writer thread, which runs on writes: once this one is
        // acknowledged, it has started (or is done); it then installs on its own
        store.writeAsync(new Batch(List.of(), List.of(feedback("e-nudge", "r0")))).get(10, TimeUnit.SECONDS);
        store.awaitKeyFilter(Duration.ofSeconds(10));
        assertThat(store.keyFilterReady()).as("the key filter is built").isTrue();
    }

    @Test
    void recordsStoredBeforeARestartAreReportedDuplicateByTheRebuiltKeyFilter() throws Exception {
        try (SqliteStore store = open()) {
            store.writeAsync(new Batch(List.of(response("r1")), List.of(feedback("e1", "r1")))).get(10, TimeUnit.SECONDS);
        }
        try (SqliteStore store = open()) {
            awaitKeyFilter(store);
            WriteResult again = store.writeAsync(new Batch(List.of(response("r1")),
                    List.of(feedback("e1", "r1"), feedback("e2", "r1")))).get(10, TimeUnit.SECONDS);
            assertThat(again.responsesStored()).containsExactly(false);
            assertThat(again.feedbackStored()).containsExactly(false, true);
            // and what this run took is known to the filter too
            WriteResult third = store.writeAsync(new Batch(List.of(), List.of(feedback("e2", "r1"))))
                    .get(10, TimeUnit.SECONDS);
            assertThat(third.feedbackStored()).containsExactly(false);
        }
    }

    @Test
    void aRecordAnotherProcessStoredIsReportedDuplicateThoughTheKeyFilterPredatesIt() throws Exception {
        try (SqliteStore owner = open()) {
            owner.writeAsync(new Batch(List.of(response("r1")), List.of(feedback("e1", "r1")))).get(10, TimeUnit.SECONDS);
            awaitKeyFilter(owner);
            try (SqliteStore other = open()) { // does not own the inbox: writes to the database directly
                other.write(new Batch(List.of(), List.of(feedback("e-direct", "r1"))));
            }
            time.advance(Inbox.DIRECT_WRITES_CHECK); // the owner reads the count this often
            WriteResult result = owner.writeAsync(new Batch(List.of(),
                    List.of(feedback("e-direct", "r1"), feedback("e-new", "r1")))).get(10, TimeUnit.SECONDS);
            assertThat(result.feedbackStored()).containsExactly(false, true);
            assertThat(owner.keyFilterReady()).as("dropped until direct writes have stopped a while").isFalse();
        }
    }

    @Test
    void aDirectWriteCountThatIsNotANumberLeavesIngestWorkingAndChecksOnTheDatabase() throws Exception {
        try (SqliteStore owner = open()) {
            owner.writeAsync(new Batch(List.of(response("r1")), List.of(feedback("e1", "r1")))).get(10, TimeUnit.SECONDS);
            awaitKeyFilter(owner);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("f.db"));
                    Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("INSERT INTO feedback (project, event_id, request_id, ts, ingested_at)"
                        + " VALUES ('default', 'e-sneaked', 'r1', 0, 0)");
                st.execute("INSERT INTO settings (name, value) VALUES ('" + Inbox.DIRECT_WRITES_SETTING + "', 'lots')");
            }
            time.advance(Inbox.DIRECT_WRITES_CHECK);
            WriteResult result = owner.writeAsync(new Batch(List.of(),
                    List.of(feedback("e-sneaked", "r1"), feedback("e2", "r1")))).get(10, TimeUnit.SECONDS);
            assertThat(result.feedbackStored()).containsExactly(false, true);
        }
    }
}
