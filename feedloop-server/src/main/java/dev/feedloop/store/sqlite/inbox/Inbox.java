package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.Batch;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.ConnectionPool;
import dev.feedloop.store.sqlite.GroupCommitter;
import dev.feedloop.store.sqlite.WalSync;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable front of HTTP ingest: accepted batches are appended to a log beside the database
 * ({@code <db>-inbox.d}, see {@link InboxLog}) and acknowledged once that append is on disk; an
 * applier thread then moves them into the main database in large transactions.
 *
 * <p>Why: the main database indexes feedback by request id, and feedback arrives in random
 * request-id order, so every stored event dirties its own index page; a commit of 50 single events
 * wrote about 50 pages of log. The inbox is append-only, so the acknowledged path writes a few
 * hundred bytes per event, and the main database receives thousands of rows per transaction, where
 * many share a page. The acknowledged path never waits for a large apply or a checkpoint of the
 * main database.
 *
 * <p>Guarantees kept from writing directly: an acknowledgement means the event is on disk (in the
 * inbox; durability FULL flushes before acknowledging); duplicates are reported at once (checked
 * against the main database, which a filter of its keys spares for most new records, see
 * {@link StoredKeys}, and against what is still in the inbox); a crash loses nothing
 * acknowledged, because opening the store applies whatever the inbox still holds before it accepts
 * anything; and reads of this store wait until everything acknowledged before them is applied (a
 * client reads its own writes). Applying is idempotent (the main tables ignore conflicts), and the
 * applied position is stored in the main database in the same transaction as the rows.
 *
 * <p>One process at a time owns the inbox (a file lock); another process opening the same
 * database writes directly, as before.
 *
 * <p>This class opens the inbox (the lock, the log, recovery) and is what {@code SqliteStore}
 * uses; the work is done by {@link InboxLock}, {@link InboxWriter} (the acknowledgement path),
 * {@link Backlog} (back-pressure and read-your-writes) and {@link Applier} (the apply path). The
 * package documentation draws how they fit, and their threads.
 */
public final class Inbox implements AutoCloseable {
    /** Events moved into the main database per transaction, at most. */
    static final int MAX_APPLY_EVENTS = 40_000;
    /**
     * The applier waits for this many events, or for {@link #APPLY_DELAY}, or for a reader, before
     * it applies: large transactions are what make applying cheap (rows share index pages). Two
     * interleaved pairs of single-event runs (bench/ingest/threads.sh): the applier's writer took
     * 10.4 / 10.1 us per event applying 5,000 at a time, 9.4 / 8.8 applying 20,000.
     */
    static final int APPLY_BATCH_EVENTS = 20_000;
    static final Duration APPLY_DELAY = Duration.ofSeconds(1);
    /**
     * Acknowledged but unapplied events above which new appends wait until the applier catches up:
     * ingest then runs at the database's pace, as a direct write would, instead of piling up.
     */
    public static final int MAX_BACKLOG_EVENTS = 80_000;
    /** How long an append waits for room before it is refused (HTTP 503: retry later). */
    static final Duration ROOM_WAIT = Duration.ofSeconds(30);
    /** How long a read waits for earlier writes to be applied before it reads anyway. */
    static final Duration READ_WAIT = Duration.ofSeconds(10);
    /**
     * How often the writer reads the {@link StoredKeys#DIRECT_WRITES} count, at most: a record stored
     * without the inbox this recently may still be taken for new (it is stored once all the same;
     * only the report differs, as it may for two processes storing one record at the same moment).
     * Read for every group, the count cost as much as the checks the key filter spared.
     */
    public static final Duration DIRECT_WRITES_CHECK = Duration.ofMillis(20);
    /** The main database's setting that holds the applied position: {@code <inbox id>:<seq>}. */
    public static final String APPLIED_SETTING = "inbox.applied";
    /**
     * The main database's setting counting transactions that stored records without the inbox
     * (see {@link StoredKeys}): whoever stores records directly adds one to it.
     */
    public static final String DIRECT_WRITES_SETTING = StoredKeys.DIRECT_WRITES;

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /**
     * Moves batches into the main database with the new applied position, in one transaction;
     * durable when it returns. The batches are decoded as they are iterated, so only one entry's
     * records are alive at a time (a young collection during an apply would otherwise copy all of
     * them), and a retried transaction may iterate them again.
     */
    public interface Target {
        void apply(Iterable<Batch> batches, String appliedPosition);
    }

    private final InboxLock lock;
    private final InboxLog log;
    /** The inbox's writer thread: runs {@link #writer}'s appends in groups, flushes, acknowledges. */
    private final GroupCommitter committer;
    private final InboxWriter writer;
    private final Backlog backlog;
    private final Applier applier;

    private Inbox(InboxLock lock, InboxLog log, GroupCommitter committer, InboxWriter writer, Backlog backlog,
            Applier applier) {
        this.lock = lock;
        this.log = log;
        this.committer = committer;
        this.writer = writer;
        this.backlog = backlog;
        this.applier = applier;
    }

    /**
     * Opens the inbox beside {@code database} and applies whatever it still holds, or returns empty
     * when another process owns it.
     *
     * @param flushBeforeAcknowledging true for durability FULL: every append is flushed to disk
     *                                 ({@code fdatasync}) before it is acknowledged
     * @param appliedPosition the main database's {@link #APPLIED_SETTING}, or null
     * @param lookup a connection to the main database, for duplicate checks; closed with the inbox
     * @param readers the main database's readers, for the scan that builds the filter of stored keys
     * @param ticker the clock every wait and interval of the inbox is measured on: {@link Ticker#SYSTEM}
     *               but in tests
     */
    public static Optional<Inbox> open(Path database, boolean flushBeforeAcknowledging, Target target,
            String appliedPosition, Connection lookup, ConnectionPool readers, Ticker ticker) {
        String base = database.toAbsolutePath().toString();
        InboxLock lock = InboxLock.tryAcquire(Path.of(base + "-inbox.lock"));
        if (lock == null) {
            closeQuietly(lookup);
            LOG.debug("another process owns the ingest inbox of {}; this one writes to the database directly",
                    database);
            return Optional.empty();
        }
        Path dir = Path.of(base + "-inbox.d");
        InboxLog log = null;
        try {
            log = InboxLog.open(dir, id -> position(appliedPosition, id) + 1);
            WalSync sync = flushBeforeAcknowledging ? new WalSync(log.flushers()) : null;
            // The writer's connection is the duplicate checks' one, without a transaction around each
            // group: the key filter spares most checks, and begin and commit of a transaction that
            // read nothing were a tenth of the writer's time.
            GroupCommitter committer = new GroupCommitter(lookup, false, sync, null, "feedloop-inbox-writer");
            Backlog backlog = new Backlog(position(appliedPosition, log.id()), ticker);
            ConcurrentSkipListMap<Long, InboxLog.Slot> waiting = new ConcurrentSkipListMap<>();
            InboxWriter writer = new InboxWriter(committer, lookup, new StoredKeyScan(readers), log, waiting,
                    backlog, ticker);
            Applier applier = new Applier(log, target, waiting, backlog, writer, ticker);
            Inbox inbox = new Inbox(lock, log, committer, writer, backlog, applier);
            committer.hooks(writer);
            inbox.recover(waiting);
            applier.start();
            return Optional.of(inbox);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(log);
            closeQuietly(lookup);
            lock.close();
            throw new StoreException("cannot open the ingest inbox " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The applied sequence number for this inbox; 0 when the position belongs to another inbox file. */
    static long position(String appliedPosition, String inboxId) {
        if (appliedPosition == null || !appliedPosition.startsWith(inboxId + ":")) {
            return 0;
        }
        return Long.parseLong(appliedPosition.substring(inboxId.length() + 1));
    }

    /** Applies everything left by an earlier run, before any new write is taken. */
    private void recover(ConcurrentSkipListMap<Long, InboxLog.Slot> waiting) throws SQLException {
        for (InboxLog.Slot slot : log.recovered()) {
            if (slot.seq() > backlog.applied()) {
                waiting.put(slot.seq(), slot);
            }
        }
        long total = 0;
        while (true) {
            int moved = applier.applyOnce();
            if (moved == 0) {
                break;
            }
            total += moved;
        }
        if (total > 0) {
            LOG.info("applied {} events left in the ingest inbox by an earlier run", total);
        }
        backlog.recovered();
        log.release(backlog.applied());
    }

    /**
     * Appends the batch's new records; the future completes once the append is on disk, with each
     * record reported stored or duplicate. Waits for room first when the backlog is full, and fails
     * (the HTTP layer answers 503) when none comes within {@link #ROOM_WAIT}.
     */
    public CompletableFuture<WriteResult> append(Batch batch) {
        if (backlog.closing()) {
            return CompletableFuture.failedFuture(new StoreException("the store is closing", null));
        }
        if (backlog.full()) {
            return backlog.room().thenCompose(ready -> writer.append(batch));
        }
        return writer.append(batch);
    }

    /**
     * Waits until every write acknowledged so far is in the main database (bounded by
     * {@link #READ_WAIT}); returns at once on the inbox's and the store's own threads.
     */
    public void awaitApplied() {
        if (applier.onApplierThread() || committer.onWriterThread()) {
            return;
        }
        backlog.awaitApplied();
    }

    /** True while a filter of stored keys spares duplicate checks (tests). */
    public boolean keyFilterReady() {
        return writer.keyFilterReady();
    }

    /**
     * Waits until a filter of stored keys spares duplicate checks; false if none does within
     * {@code timeout} of real time (tests: it waits for the build thread, not for time to pass). A
     * build starts with the first group the writer runs, and after direct writes have stopped for
     * {@link StoredKeys#QUIET}.
     */
    public boolean awaitKeyFilter(Duration timeout) throws InterruptedException {
        return writer.awaitKeyFilter(timeout);
    }

    public boolean healthy() {
        return committer.isAlive() && applier.isAlive();
    }

    /** Takes no more writes, applies everything appended, then closes the inbox's files. */
    @Override
    public void close() {
        backlog.markClosing();
        writer.closeKeyFilter();
        committer.close();
        backlog.wakeAll();
        try {
            applier.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close(); // the writer closed the lookup connection
        lock.close();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort at shutdown
        }
    }
}
