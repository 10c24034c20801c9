package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the store applies what an earlier run acknowledged and left in the inbox's log. */
class InboxRecoveryTest {
    private static final Instant TS = Instant.parse("2026-11-20T11:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static ResponseRecord response(String requestId) {
        return new ResponseRecord("default", requestId, TS, "v1", "m", "question " + requestId,
                "answer " + requestId, List.of(), null, null, Map.of());
    }

    private static FeedbackRecord feedback(String eventId, String requestId) {
        return new FeedbackRecord("default", eventId, requestId, TS.plusSeconds(5), ImplicitSignal.REGENERATED,
                null, null, null, null);
    }

    private SqliteStore open() {
        return SqliteStore.open(dir.resolve("f.db"), CLOCK, SqliteStore.Durability.FULL, CaptureRules.STANDARD);
    }

    @Test
    void openingTheStoreAppliesWhatAnEarlierRunLeftInTheInbox() throws Exception {
        try (SqliteStore store = open()) {
            store.write(new Batch(List.of(response("r1")), List.of()));
        }
        // an earlier run acknowledged these, then died before moving them into the database
        try (InboxLog log = InboxLog.open(dir.resolve("f.db-inbox.d"), id -> 1)) {
            log.append(2, BatchCodec.encode(new Batch(List.of(response("r2")), List.of(feedback("e1", "r1")))));
            log.append(1, BatchCodec.encode(new Batch(List.of(), List.of(feedback("e2", "r2")))));
            log.sync(0);
        }
        try (SqliteStore store = open()) {
            assertThat(store.response("default", "r2")).isPresent();
            assertThat(store.feedback("default", "r1")).hasSize(1);
            assertThat(store.feedback("default", "r2")).hasSize(1);
        }
        // applied once: opening again applies nothing twice and the log starts after them
        try (SqliteStore store = open()) {
            assertThat(store.feedback("default", "r2")).hasSize(1);
        }
    }

}
