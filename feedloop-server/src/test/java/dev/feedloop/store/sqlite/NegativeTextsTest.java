package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background embedder's query: cheap under heavy ingest, and exact about what is new. */
class NegativeTextsTest {
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;
    private final SqliteSessionPairsTest.SteppingClock clock = new SqliteSessionPairsTest.SteppingClock(T0);
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), clock, SqliteStore.Durability.FULL, CaptureRules.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ResponseRecord response(String id) {
        return new ResponseRecord("default", id, T0.minusSeconds(3600), "v1", "m", "question " + id, "answer " + id,
                List.of(), null, null, Map.of());
    }

    private static FeedbackRecord signal(String eventId, String requestId, ImplicitSignal signal) {
        return new FeedbackRecord("default", eventId, requestId, T0.minusSeconds(3000), signal, null, null, null, null);
    }

    private List<String> textsAfter(Instant after) {
        return store.negativeTextsIngestedAfter("default", after, NegativeRules.DEFAULT).stream()
                .map(Store.NegativeText::requestId).sorted().toList();
    }

    @Test
    void negativeTexts_onlyResponsesMadeNegativeByRowsAfterTheWatermark() {
        store.write(new Batch(List.of(response("old-neg"), response("accepted"), response("later-neg")),
                List.of(signal("e1", "old-neg", ImplicitSignal.REGENERATED), signal("e2", "accepted", ImplicitSignal.ACCEPTED))));
        Instant watermark = clock.instant();
        clock.advance(Duration.ofSeconds(15));
        // a new negative signal on an old response, a positive one, and a response after its negative feedback
        store.write(new Batch(List.of(), List.of(signal("e3", "later-neg", ImplicitSignal.ABANDONED),
                signal("e4", "accepted", ImplicitSignal.ACCEPTED), signal("e5", "early", ImplicitSignal.REGENERATED))));
        store.write(new Batch(List.of(response("early"), response("fresh-positive")), List.of()));

        assertThat(textsAfter(watermark)).containsExactly("early", "later-neg");
        assertThat(textsAfter(clock.instant())).isEmpty();
        assertThat(textsAfter(T0.minusSeconds(1))).containsExactly("early", "later-neg", "old-neg");
        assertThat(store.negativeTextsIngestedAfter("default", watermark, NegativeRules.DEFAULT))
                .filteredOn(t -> t.requestId().equals("early"))
                .singleElement().satisfies(t -> {
                    assertThat(t.userInput()).isEqualTo("question early");
                    assertThat(t.llmOutput()).isEqualTo("answer early");
                });
    }

    /** Without the ingestion-time indexes, the query must seek by rowid, not read the whole project. */
    @Test
    void negativeTexts_seekNewRowsByRowid() throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("feedloop.db"));
                PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN "
                        + SqliteTriage.negativeTextsSql(NegativeRules.DEFAULT))) {
            for (int i = 1; i <= 8; i++) {
                ps.setObject(i, i % 4 == 1 ? "default" : 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertThat(plan).as("%s", plan)
                .anySatisfy(step -> assertThat(step).matches("SEARCH f USING INTEGER PRIMARY KEY \\(rowid>\\?\\).*"))
                .anySatisfy(step -> assertThat(step).matches("SEARCH n USING INTEGER PRIMARY KEY \\(rowid>\\?\\).*"));
    }
}
