package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is acknowledged and not yet applied, and everyone who waits on it: appends wait for room
 * (back-pressure: above {@link Inbox#MAX_BACKLOG_EVENTS}, for up to {@link Inbox#ROOM_WAIT}),
 * readers wait until what was acknowledged before them is applied (read-your-writes, for up to
 * {@link Inbox#READ_WAIT}), and the applier waits for enough work to make a large transaction.
 *
 * <p>Positions are the log's sequence numbers: {@code committed} is the highest acknowledged
 * entry, {@code applied} the highest one the main database holds. One monitor guards the waits;
 * whoever changes what a waiter waits for notifies it, except a new acknowledgement below a full
 * batch, which the idle applier notices within {@link #IDLE_CHECK}. Every wait is measured on the
 * {@link Ticker}.
 */
final class Backlog {
    /** How often the idle applier looks for new acknowledgements (they do not wake it). */
    static final Duration IDLE_CHECK = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(Backlog.class);

    private final Ticker ticker;

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final Object progress = new Object();
    private volatile long applied;
    private volatile boolean closing;
    private volatile int readersWaiting;
    /** Completed when the backlog drops below the limit; null while nobody waits. Under progress. */
    private CompletableFuture<Void> room;

    /** @param applied the applied position the main database holds for this inbox */
    Backlog(long applied, Ticker ticker) {
        this.ticker = ticker;
        this.applied = applied;
        this.committed.set(applied);
    }

    long applied() {
        return applied;
    }

    boolean closing() {
        return closing;
    }

    /** Takes no more appends; waiters are woken by {@link #wakeAll} once the writer has finished. */
    void markClosing() {
        closing = true;
    }

    void wakeAll() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** True when an append must wait for {@link #room} first. */
    boolean full() {
        return events.get() >= Inbox.MAX_BACKLOG_EVENTS;
    }

    /** An append is on disk: its entry {@code seq} holds {@code appended} events. */
    void acknowledged(long seq, int appended) {
        committed.accumulateAndGet(seq, Math::max);
        long waiting = events.addAndGet(appended);
        if (waiting >= Inbox.APPLY_BATCH_EVENTS && waiting - appended < Inbox.APPLY_BATCH_EVENTS) {
            synchronized (progress) {
                progress.notifyAll(); // a full batch: the applier need not wait out the delay
            }
        }
    }

    /** The main database holds every entry up to {@code last}: readers waiting for them may go. */
    void applied(long last) {
        applied = last;
    }

    /** The applied entries' {@code moved} events left the inbox: wakes the waiters, lets appends in. */
    void removed(int moved) {
        events.addAndGet(-moved);
        synchronized (progress) {
            progress.notifyAll();
        }
        releaseRoom();
    }

    /** After recovery: the applies subtracted events no append of this run had counted. */
    void recovered() {
        events.set(0);
    }

    /** Completes once the backlog is below {@link Inbox#MAX_BACKLOG_EVENTS}; fails after {@link Inbox#ROOM_WAIT}. */
    CompletableFuture<Void> room() {
        CompletableFuture<Void> wait;
        synchronized (progress) {
            if (events.get() < Inbox.MAX_BACKLOG_EVENTS) {
                return CompletableFuture.completedFuture(null);
            }
            if (room == null) {
                room = new CompletableFuture<>();
            }
            wait = room;
        }
        return ticker.orTimeout(wait.copy(), Inbox.ROOM_WAIT).exceptionallyCompose(e ->
                CompletableFuture.failedFuture(new StoreException("the database is " + events.get()
                        + " events behind ingest; retry shortly", e)));
    }

    /** Lets waiting appends go once the backlog is below the limit. */
    private void releaseRoom() {
        CompletableFuture<Void> ready;
        synchronized (progress) {
            if (room == null || events.get() >= Inbox.MAX_BACKLOG_EVENTS) {
                return;
            }
            ready = room;
            room = null;
        }
        ready.complete(null);
    }

    /**
     * Waits until every write acknowledged so far is in the main database (bounded by
     * {@link Inbox#READ_WAIT}), and meanwhile makes the applier go at once.
     */
    void awaitApplied() {
        long wanted = committed.get();
        if (applied >= wanted) {
            return;
        }
        long deadline = ticker.nanoTime() + Inbox.READ_WAIT.toNanos();
        synchronized (progress) {
            readersWaiting++;
            progress.notifyAll(); // the applier goes now instead of waiting for a larger batch
            try {
                if (!ticker.await(progress, () -> applied >= wanted || closing, deadline)) {
                    LOG.debug("read waited {} for the inbox and goes ahead", Inbox.READ_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                readersWaiting--;
            }
        }
    }

    /**
     * The applier's wait: returns when there is enough to apply: {@link Inbox#APPLY_BATCH_EVENTS}
     * waiting, the oldest of them waiting {@link Inbox#APPLY_DELAY}, a reader waiting, or the inbox
     * closing.
     */
    void awaitWork() throws InterruptedException {
        BooleanSupplier anything = () -> closing || committed.get() > applied;
        BooleanSupplier enough = () -> closing || readersWaiting > 0 || events.get() >= Inbox.APPLY_BATCH_EVENTS;
        synchronized (progress) {
            while (!anything.getAsBoolean()) {
                ticker.await(progress, anything, ticker.nanoTime() + IDLE_CHECK.toNanos());
            }
            ticker.await(progress, enough, ticker.nanoTime() + Inbox.APPLY_DELAY.toNanos());
        }
    }
}
