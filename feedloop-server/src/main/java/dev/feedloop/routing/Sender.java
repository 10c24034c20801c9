package dev.feedloop.routing;

import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox through a {@link Tracker}, oldest entry first. A create first looks the ticket
 * up by its marker, so a crash between the tracker's answer and the store's commit finds the ticket
 * on the next delivery instead of opening a second one. A failure worth retrying (timeout, 5xx, 429)
 * puts the entry back with a growing delay (or the tracker's Retry-After) and ends the pass: the
 * tracker is likely down, and hammering it helps nobody. A failure that retrying cannot fix (401,
 * 403, 404) is recorded with its message and not retried. Delivery never throws for a tracker's
 * failure, so it can run after a triage run without putting the run at risk.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** Attempts before an entry that keeps failing is given up. */
    static final int MAX_ATTEMPTS = 12;
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofHours(6);

    /** Called after the tracker answered and before the store commits (a test simulates a crash there). */
    interface CrashPoint {
        void afterTrackerAnswer(OutboxEntry entry);
    }

    private final TicketStore store;
    private final Tracker tracker;
    private final Clock clock;
    private final CrashPoint crashPoint;

    public Sender(TicketStore store, Tracker tracker, Clock clock) {
        this(store, tracker, clock, e -> { });
    }

    Sender(TicketStore store, Tracker tracker, Clock clock, CrashPoint crashPoint) {
        this.store = store;
        this.tracker = tracker;
        this.clock = clock;
        this.crashPoint = crashPoint;
    }

    public Tracker tracker() {
        return tracker;
    }

    /** What a pass did. {@code waiting}: entries whose ticket is not created yet. */
    public record Report(int sent, int retryLater, int failed, int waiting) {
    }

    /**
     * Delivers the entries that are due ({@code force}: every pending one, ignoring backoff). One
     * pass at a time: two passes could both find no ticket for a marker and create two.
     */
    public synchronized Report deliver(String project, boolean force) {
        Instant now = clock.instant();
        List<OutboxEntry> due = store.dueOutbox(project, force ? null : now);
        int sent = 0;
        int retry = 0;
        int failed = 0;
        int waiting = 0;
        for (OutboxEntry e : due) {
            try {
                Outcome outcome = deliver(e, now);
                if (outcome == Outcome.WAITING) {
                    waiting++;
                } else {
                    sent++;
                }
            } catch (TrackerException ex) {
                int attempts = e.attempts() + 1;
                if (ex.retryable() && attempts < MAX_ATTEMPTS) {
                    Duration delay = backoff(attempts);
                    if (ex.retryAfter() != null && ex.retryAfter().compareTo(delay) > 0) {
                        delay = ex.retryAfter();
                    }
                    store.deliveryFailed(e, attempts, now.plus(delay), ex.getMessage(), false);
                    LOG.warn("{} is not answering ({}); {} and the rest wait until {}", tracker.name(),
                            ex.getMessage(), e.key(), now.plus(delay));
                    retry += 1;
                    break;
                }
                store.deliveryFailed(e, attempts, now, ex.getMessage(), true);
                LOG.warn("{}: {} failed and is not retried: {}", tracker.name(), e.key(), ex.getMessage());
                failed++;
            }
        }
        return new Report(sent, retry, failed, waiting);
    }

    /**
     * Makes the tracker calls of entries without storing anything: with a dry-run tracker (see
     * {@link Trackers#fromEnv(java.util.Map, Clock, java.util.function.Consumer)}) this shows the
     * requests each entry would send. A call whose answer the next one needs ends that entry's
     * rehearsal with a note.
     */
    public void rehearse(List<OutboxEntry> entries, java.util.function.Consumer<String> out) {
        for (OutboxEntry e : entries) {
            Action a = Action.parse(e.payload());
            out.accept("# " + e.kind() + " " + e.patternId() + " (" + e.key() + ")");
            try {
                if (a.kind().equals(Action.CREATE)) {
                    if (tracker.find(a.marker()).isEmpty()) {
                        tracker.create(a.title(), a.text(), a.labels(), a.marker());
                    }
                } else {
                    Tracker.TicketRef ref = store.ticket(e.project(), e.patternId()).filter(t -> t.key() != null)
                            .map(t -> new Tracker.TicketRef(t.key(), t.url()))
                            .orElse(new Tracker.TicketRef("(key of the new ticket)", null));
                    perform(a, ref, "open");
                }
            } catch (RuntimeException ex) {
                // a dry run answers {} to everything: an adapter that needs a field of the answer stops here
                out.accept("  (the next call depends on the tracker's answer)");
            }
        }
    }

    /** The tracker calls of an action on an existing ticket; answers the ticket's state after it. */
    private String perform(Action a, Tracker.TicketRef ref, String state) {
        switch (a.kind()) {
            case Action.COMMENT -> tracker.comment(ref, a.text());
            case Action.REOPEN -> {
                tracker.setOpen(ref, true, a.text());
                return "open";
            }
            case Action.CLOSE -> {
                tracker.setOpen(ref, false, a.text());
                return "closed";
            }
            case Action.RELABEL -> {
                tracker.relabel(ref, a.title(), a.labels(), a.marker());
                if (a.text() != null) {
                    tracker.comment(ref, a.text());
                }
            }
            default -> throw new TrackerException("unknown outbox action " + a.kind(), false, null, null);
        }
        return state;
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(20, attempts - 1));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private enum Outcome { SENT, WAITING }

    private Outcome deliver(OutboxEntry e, Instant now) {
        Action a = Action.parse(e.payload());
        Optional<TicketRecord> ticket = store.ticket(e.project(), e.patternId());
        if (a.kind().equals(Action.CREATE)) {
            if (ticket.isPresent() && ticket.get().key() != null) {
                store.delivered(e, null, now);
                return Outcome.SENT;
            }
            Tracker.TicketRef ref = tracker.find(a.marker())
                    .orElseGet(() -> tracker.create(a.title(), a.text(), a.labels(), a.marker()));
            crashPoint.afterTrackerAnswer(e);
            TicketRecord base = ticket.orElseThrow(() -> new TrackerException("no ticket row for " + e.patternId(),
                    false, null, null));
            store.delivered(e, base.delivered(tracker.name(), ref.key(), ref.url(), "open", now), now);
            return Outcome.SENT;
        }
        if (ticket.isEmpty() || ticket.get().key() == null) {
            if (ticket.isPresent()) {
                return Outcome.WAITING; // its create is still in the outbox
            }
            throw new TrackerException("pattern " + e.patternId() + " has no ticket", false, null, null);
        }
        TicketRecord t = ticket.get();
        if (!t.tracker().equals(tracker.name())) {
            throw new TrackerException("the ticket of " + e.patternId() + " lives in " + t.tracker() + " (" + t.key()
                    + "), not in " + tracker.name() + "; tickets do not move between trackers", false, null, null);
        }
        String state = perform(a, new Tracker.TicketRef(t.key(), t.url()), t.state());
        crashPoint.afterTrackerAnswer(e);
        store.delivered(e, t.delivered(t.tracker(), t.key(), t.url(), state, now), now);
        return Outcome.SENT;
    }
}
