package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.Feedloop;
import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.capture.RecordKind;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.Thumbs;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.WriteResult;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ResponseRecord response(String requestId, String session, Instant ts, String input) {
        return new ResponseRecord("default", requestId, ts, "v1", "model-x", input, "output of " + requestId,
                List.of(new RetrievedDoc("kb-1", "doc text", 0.4), new RetrievedDoc("kb-2", null, null)), session,
                "u_0123", Map.of("team", "billing", "env", "prod"));
    }

    static FeedbackRecord feedback(String eventId, String requestId) {
        return new FeedbackRecord("default", eventId, requestId, NOW, ImplicitSignal.EDITED, 2, Thumbs.DOWN,
                "edited text", "a comment");
    }

    @Test
    void write_thenRead_returnsEveryField() {
        ResponseRecord r = response("s-1", "sess", NOW.minusSeconds(60), "question");
        FeedbackRecord f = feedback("e-1", "s-1");

        WriteResult result = store.write(new Batch(List.of(r), List.of(f)));

        assertThat(result.responsesStored()).containsExactly(true);
        assertThat(result.feedbackStored()).containsExactly(true);
        assertThat(store.response("default", "s-1")).hasValue(new StoredResponse(r, false));
        assertThat(store.feedback("default", "s-1")).singleElement().satisfies(stored -> {
            assertThat(stored.record()).isEqualTo(f);
            assertThat(stored.editMagnitude()).isNotNull();
        });
    }

    @Test
    void write_textWithAnyUnicode_readsBackUnchanged() {
        String text = "emoji \uD83D\uDE00, NUL \u0000, CJK \u4E2D\u6587, RTL \u05E9\u05DC\u05D5\u05DD, tab\t, e\u0301";
        ResponseRecord r = new ResponseRecord("default", "uni", NOW, "v1", null, text, text, List.of(), null, null,
                Map.of());

        store.write(new Batch(List.of(r), List.of()));

        assertThat(store.response("default", "uni").orElseThrow().record()).isEqualTo(r);
    }

    @Test
    void write_timestampWithNanoseconds_isKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-11-20T09:30:00.123456789Z");
        store.write(new Batch(List.of(response("ns", null, precise, "q")), List.of()));

        assertThat(store.response("default", "ns").orElseThrow().record().timestamp())
                .isEqualTo(Instant.parse("2026-11-20T09:30:00.123Z"));
    }

    @Test
    void write_duplicatesInOneBatch_areReportedPerItem() {
        WriteResult result = store.write(new Batch(
                List.of(response("d-1", null, NOW, "q"), response("d-1", null, NOW, "q"), response("d-2", null, NOW, "q")),
                List.of(feedback("de-1", "d-1"), feedback("de-1", "d-1"))));

        assertThat(result.responsesStored()).containsExactly(true, false, true);
        assertThat(result.feedbackStored()).containsExactly(true, false);
        assertThat(result.stored()).isEqualTo(3);
        assertThat(result.duplicates()).isEqualTo(2);
    }

    @Test
    void sameIdsInTwoProjects_areTwoRecords() {
        ResponseRecord a = response("p-1", null, NOW, "q");
        ResponseRecord b = new ResponseRecord("other", "p-1", NOW, "v9", null, "q", "a", List.of(), null, null, Map.of());

        assertThat(store.write(new Batch(List.of(a, b), List.of())).stored()).isEqualTo(2);
        assertThat(store.response("other", "p-1").orElseThrow().record().promptVersion()).isEqualTo("v9");
        assertThat(store.response("default", "p-1").orElseThrow().record().promptVersion()).isEqualTo("v1");
    }

    @Test
    void concurrentWriters_everyRecordIsStoredAndReportedExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> stored = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                stored.add(pool.submit(() -> {
                    int fresh = 0;
                    for (int i = 0; i < perThread; i++) {
                        // every id is written by two threads at about the same time: one wins
                        String id = "c-" + i;
                        WriteResult r = store.write(new Batch(List.of(response(id, null, NOW, "q")),
                                List.of(feedback("ce-" + i, id))));
                        fresh += r.stored();
                    }
                    return fresh;
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(2 * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM responses")).isEqualTo(perThread);
        assertThat(count("SELECT COUNT(*) FROM feedback")).isEqualTo(perThread);
    }

    @Test
    void failingUnitOfWork_isRolledBack_andLaterWritesSucceed() {
        assertThatThrownBy(() -> store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES ('half', 'x')")) {
                ps.executeUpdate();
            }
            throw new SQLException("simulated failure after a partial write");
        })).isInstanceOf(StoreException.class).hasMessageContaining("simulated failure");

        assertThat(count("SELECT COUNT(*) FROM settings WHERE name = 'half'")).isZero();
        assertThat(store.write(new Batch(List.of(response("after", null, NOW, "q")), List.of())).stored()).isEqualTo(1);
    }

    @Test
    void reopen_keepsRecordsAndTheSettingsCreatedBefore() {
        store.write(new Batch(List.of(response("keep", null, NOW, "q")), List.of(feedback("keep-e", "keep"))));
        String secret = store.setting("pseudonym_secret", () -> "first");
        store.close();

        store = SqliteStore.open(dir.resolve("feedloop.db"), CLOCK, SqliteStore.Durability.FULL, CaptureRules.STANDARD);

        assertThat(store.response("default", "keep")).isPresent();
        assertThat(store.feedback("default", "keep")).hasSize(1);
        assertThat(store.setting("pseudonym_secret", () -> "second")).isEqualTo(secret).isEqualTo("first");
    }

    @Test
    void feedloop_reopened_pseudonymisesTheSameUserTheSameWay() throws Exception {
        store.close();
        String db = dir.resolve("pseudo.db").toString();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = json.readTree("{\"request_id\":\"r\",\"prompt_version\":\"v\",\"user_input\":\"q\","
                + "\"llm_output\":\"a\",\"user_id\":\"alice\"}");
        String first;
        try (Feedloop f = Feedloop.open(db, CLOCK, SqliteStore.Durability.NORMAL, "")) {
            f.ingestor().ingest(RecordKind.RESPONSE, body, "default");
            first = f.store().response("default", "r").orElseThrow().record().userId();
        }
        try (Feedloop f = Feedloop.open(db, CLOCK, SqliteStore.Durability.NORMAL, "")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("request_id", "r2");
            f.ingestor().ingest(RecordKind.RESPONSE, body, "default");
            assertThat(f.store().response("default", "r2").orElseThrow().record().userId()).isEqualTo(first);
        }
        store = SqliteStore.open(dir.resolve("feedloop.db"), CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @Test
    void write_afterClose_failsWithStoreException() {
        store.close();

        assertThatThrownBy(() -> store.write(new Batch(List.of(response("late", null, NOW, "q")), List.of())))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        store = SqliteStore.open(dir.resolve("feedloop.db"), CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @Test
    void open_inMissingFolder_failsWithAMessageNamingIt() {
        Path missing = dir.resolve("no-such-folder").resolve("feedloop.db");

        assertThatThrownBy(() -> SqliteStore.open(missing, CLOCK, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD))
                .isInstanceOf(StoreException.class).hasMessageContaining("no-such-folder");
    }

    @Test
    void feedloop_otherJdbcUrl_isRefusedClearly() {
        assertThatThrownBy(() -> Feedloop.open("jdbc:mysql://localhost/feedloop", CLOCK,
                SqliteStore.Durability.NORMAL, "")).isInstanceOf(StoreException.class).hasMessageContaining("mysql");
    }

    @Test
    void reask_exactlyAtTheWindowEdge_counts_andOneMillisecondMoreDoesNot() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        store.write(new Batch(List.of(response("w-1", "s", t, "reset my password please"),
                response("w-2", "s", t.plus(CaptureRules.REASK_WINDOW), "reset my password please")), List.of()));
        store.write(new Batch(List.of(response("w-3", "s2", t, "reset my password please"),
                response("w-4", "s2", t.plus(CaptureRules.REASK_WINDOW).plusMillis(1), "reset my password please")),
                List.of()));

        assertThat(store.response("default", "w-1").orElseThrow().reasked()).isTrue();
        assertThat(store.response("default", "w-3").orElseThrow().reasked()).isFalse();
    }

    @Test
    void duplicateResponse_doesNotRecomputeReasks() {
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        store.write(new Batch(List.of(response("x-1", "sx", t, "reset my password please")), List.of()));
        store.write(new Batch(List.of(response("x-1", "sx", t.plusSeconds(30), "reset my password please")), List.of()));

        assertThat(store.response("default", "x-1").orElseThrow().reasked()).isFalse();
    }

    private long count(String sql) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
