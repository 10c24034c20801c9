package dev.feedloop.routing;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Batch;
import dev.feedloop.store.Cause;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.triage.TriageReport;
import dev.feedloop.triage.redact.Redactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small real SQLite world for routing tests: weekly traffic, patterns with assigned negatives
 * (some edited by users, one with an e-mail address to redact), and triage reports over it.
 */
final class RoutingWorld implements AutoCloseable {
    static final String PROJECT = "shop";
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    final MutableClock clock = new MutableClock(START.plus(Duration.ofDays(28)));
    final SqliteStore store;
    private int seq;

    RoutingWorld(Path dir) {
        store = SqliteStore.open(dir.resolve("r.db"), clock, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }

    void pattern(String id, Cause cause) {
        store.savePatterns(List.of(new PatternRecord(PROJECT, id, "Pattern " + id, false, "Users ask about " + id,
                List.of("refund", "fee"), cause, 0.8, null, "{\"lift\": 3.5, \"signals\": {\"edited\": 0.6}}",
                PatternStatus.NEW, null, false, "m", new float[] {1, 0}, List.of(), 0, null, null)));
    }

    /** One week of 100 responses of which {@code failing} are negatives assigned to the pattern; returns the report. */
    TriageReport week(int week, String patternId, int failing, boolean isNew) {
        Instant from = START.plus(Duration.ofDays(7L * week));
        Instant to = from.plus(Duration.ofDays(7));
        List<ResponseRecord> responses = new ArrayList<>();
        List<FeedbackRecord> feedback = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = "w" + week + "-" + seq++;
            Instant ts = from.plusSeconds(3600L * i);
            responses.add(new ResponseRecord(PROJECT, id, ts, "v1", "m", "How do I get a refund? mail me at ann@example.com",
                    "Refunds take ```30``` days.", List.of(), "s" + i, null, null));
            if (i < failing) {
                feedback.add(new FeedbackRecord(PROJECT, "e" + id, id, ts.plusSeconds(5), ImplicitSignal.EDITED, null,
                        null, "Refunds take 14 days.", null));
                assignments.add(new Assignment(id, ts, patternId, 0.9));
                ids.add(id);
            }
        }
        store.write(new Batch(responses, feedback));
        String runId = "run-" + week + "-" + patternId;
        PatternRecord p = store.pattern(PROJECT, patternId).orElseThrow();
        TriageReport report = new TriageReport(runId, from, to, failing, List.of(new TriageReport.PatternSummary(
                patternId, p.name(), p.description(), p.keywords(), p.effectiveCause(), 0.8, failing, isNew, p.status(),
                3.5, List.of(), Map.of(), ids, null)), List.of(), Map.of(), null);
        store.saveTriageRun(new TriageRunRecord(PROJECT, runId, from, to, to, to, failing, TriageJson.write(report)),
                List.of(), assignments);
        return report;
    }

    Routing routing() {
        return new Routing(router("local", false), new Sender(store, new LocalTracker(), clock));
    }

    Router router(String tracker, boolean escalationTickets) {
        return new Router(store, new TicketBody(store, Redactor.standard(), "https://feedloop.example.com"), tracker,
                escalationTickets, clock);
    }

    void setStatus(String id, PatternStatus status) {
        store.savePatterns(List.of(store.pattern(PROJECT, id).orElseThrow().withStatus(status)));
    }

    @Override
    public void close() {
        store.close();
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
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
