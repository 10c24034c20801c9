package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Thumbs;
import dev.feedloop.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candidate pairs of the re-ask-by-meaning pass: which earlier answers are still open. */
class SqliteSessionPairsTest {
    static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(10);

    @TempDir
    Path dir;
    private final SteppingClock clock = new SteppingClock(T.plus(Duration.ofDays(1)));
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("feedloop.db"), clock, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Session {@code s}: a question, then a different wording of it a minute later (not a lexical re-ask). */
    private void session(String s, FeedbackRecord onEarlier) {
        store.write(new Batch(List.of(
                SqliteStoreTest.response(s + "-1", s, T, "how much does a second suitcase cost"),
                SqliteStoreTest.response(s + "-2", s, T.plusSeconds(60), "what do you charge for an extra bag")),
                onEarlier == null ? List.of() : List.of(onEarlier)));
    }

    private static FeedbackRecord on(String s, ImplicitSignal signal, Integer rating, Thumbs thumbs) {
        return new FeedbackRecord("default", "e-" + s, s + "-1", T.plusSeconds(30), signal, rating, thumbs, null,
                signal == null && rating == null && thumbs == null ? "a comment" : null);
    }

    private List<String> earlierIds(List<Store.SessionPair> pairs) {
        return pairs.stream().map(Store.SessionPair::earlierId).toList();
    }

    @Test
    void sessionPairs_earlierAnswerApprovedOrAlreadyNegative_isLeftOut() {
        session("open", null);
        session("neutral", on("neutral", null, 3, null));
        session("commented", on("commented", null, null, null));
        session("accepted", on("accepted", ImplicitSignal.ACCEPTED, null, null));
        session("rated4", on("rated4", null, 4, null));
        session("thumbup", on("thumbup", null, null, Thumbs.UP));
        session("regenerated", on("regenerated", ImplicitSignal.REGENERATED, null, null));

        List<Store.SessionPair> pairs = store.sessionPairs("default", T.minusSeconds(1), T.plusSeconds(1), WINDOW);

        assertThat(earlierIds(pairs)).containsExactlyInAnyOrder("open-1", "neutral-1", "commented-1");
        assertThat(pairs).allSatisfy(p -> assertThat(p.laterInput()).isEqualTo("what do you charge for an extra bag"));
    }

    @Test
    void sessionPairs_laterResponseOutsideTheWindow_isNoPair() {
        store.write(new Batch(List.of(SqliteStoreTest.response("late-1", "late", T, "first question"),
                SqliteStoreTest.response("late-2", "late", T.plus(WINDOW).plusMillis(1), "second question")),
                List.of()));

        assertThat(store.sessionPairs("default", T.minusSeconds(1), T.plusSeconds(1), WINDOW)).isEmpty();
    }

    @Test
    void sessionPairsIngestedAfter_returnsOnlyPairsCompletedSinceThen() {
        session("old", null);
        Instant watermark = clock.instant();
        clock.advance(Duration.ofSeconds(5));
        store.write(new Batch(List.of(SqliteStoreTest.response("new-1", "new", T, "can I bring my dog on board"),
                SqliteStoreTest.response("new-2", "new", T.plusSeconds(60), "are pets allowed in the cabin")),
                List.of()));
        // a late answer in the old session completes one more pair with its earlier questions
        store.write(new Batch(List.of(SqliteStoreTest.response("old-3", "old", T.plusSeconds(120),
                "is a bag over 23 kg extra")), List.of()));

        List<Store.SessionPair> fresh = store.sessionPairsIngestedAfter("default", watermark, WINDOW);

        assertThat(fresh).extracting(p -> p.earlierId() + ">" + p.laterId())
                .containsExactlyInAnyOrder("new-1>new-2", "old-1>old-3", "old-2>old-3");
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.sessionPairsIngestedAfter("default", clock.instant(), WINDOW)).isEmpty();
    }

    /** A clock that moves only when told, so ingestion times can be set apart. */
    static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
