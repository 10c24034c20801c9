package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.Batch;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply path: the {@code feedloop-inbox-applier} thread moves acknowledged entries into the
 * main database through the {@link Inbox.Target}, {@link Inbox#MAX_APPLY_EVENTS} at most per
 * transaction, then frees what they held: their pending keys, their place in the waiting map, and
 * the log segments wholly applied. Opening the inbox runs the same step on the opening thread until
 * nothing is left (recovery).
 */
final class Applier {
    /** The pause after a failed apply before the next try (the warning says 1 s). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final InboxLog log;
    private final Inbox.Target target;
    private final String inboxId;
    /** Appended entries not yet applied, by sequence number (see {@link Inbox}). */
    private final ConcurrentSkipListMap<Long, InboxLog.Slot> waiting;
    private final Backlog backlog;
    private final InboxWriter writer;
    private final Ticker ticker;
    private final Thread thread;

    Applier(InboxLog log, Inbox.Target target, ConcurrentSkipListMap<Long, InboxLog.Slot> waiting, Backlog backlog,
            InboxWriter writer, Ticker ticker) {
        this.ticker = ticker;
        this.log = log;
        this.target = target;
        this.inboxId = log.id();
        this.waiting = waiting;
        this.backlog = backlog;
        this.writer = writer;
        this.thread = new Thread(this::loop, "feedloop-inbox-applier");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    boolean onApplierThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits up to {@code millis} for the thread to finish (it does once closing and nothing is left). */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void loop() {
        while (true) {
            try {
                backlog.awaitWork();
            } catch (InterruptedException e) {
                return;
            }
            boolean last = backlog.closing();
            int moved;
            try {
                moved = applyOnce();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("moving ingested events into the database failed; retrying in 1 s: {}", e.getMessage());
                try {
                    ticker.sleep(RETRY_DELAY);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (moved == 0 && last) {
                return; // closing and nothing left
            }
        }
    }

    /** Moves the next entries (up to {@link Inbox#MAX_APPLY_EVENTS} events) into the main database. */
    int applyOnce() throws SQLException {
        List<InboxLog.Slot> entries = next();
        if (entries.isEmpty()) {
            return 0;
        }
        int events = 0;
        for (InboxLog.Slot e : entries) {
            events += e.events();
        }
        PendingKeys.Fingerprints keys = new PendingKeys.Fingerprints(events);
        Iterable<Batch> batches = () -> entries.stream().map(e -> {
            Batch batch = decode(e);
            batch.responses().forEach(r -> keys.add(PendingKeys.responseKey(r)));
            batch.feedback().forEach(f -> keys.add(PendingKeys.feedbackKey(f)));
            return batch;
        }).iterator();
        long last = entries.get(entries.size() - 1).seq();
        target.apply(batches, inboxId + ":" + last);
        backlog.applied(last);
        // On the writer thread, after this commit: every duplicate check from then on reads the
        // database afresh and sees these rows (a retried apply may have listed a key twice: removing
        // is idempotent).
        writer.applied(keys);
        for (InboxLog.Slot e : entries) {
            waiting.remove(e.seq());
        }
        log.release(last);
        backlog.removed(events);
        return events;
    }

    /** The next entries after the applied position, up to {@link Inbox#MAX_APPLY_EVENTS} events. */
    private List<InboxLog.Slot> next() {
        List<InboxLog.Slot> entries = new ArrayList<>();
        long events = 0;
        for (InboxLog.Slot e : waiting.tailMap(backlog.applied(), false).values()) {
            if (!entries.isEmpty() && events + e.events() > Inbox.MAX_APPLY_EVENTS) {
                break;
            }
            entries.add(e);
            events += e.events();
        }
        return entries;
    }

    /** The entry's records, read back from the log. */
    private Batch decode(InboxLog.Slot e) {
        try {
            return BatchCodec.decode(log.read(e));
        } catch (IOException ex) {
            // never block every later event on one unreadable entry; say loudly what is lost
            LOG.error("inbox entry {} ({} events) cannot be read and is skipped: {}", e.seq(), e.events(),
                    ex.getMessage());
            return new Batch(List.of(), List.of());
        }
    }
}
