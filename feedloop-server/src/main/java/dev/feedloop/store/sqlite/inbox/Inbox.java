package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.capture.Batch;
import dev.feedloop.capture.FeedbackRecord;
import dev.feedloop.capture.ResponseRecord;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.ConnectionPool;
import dev.feedloop.store.sqlite.GroupCommitter;
import dev.feedloop.store.sqlite.WalSync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    /** One append's outcome, completed just before its transaction commits. */
    private static final class Appended {
        final List<Boolean> responsesStored;
        final List<Boolean> feedbackStored;
        long seq;
        int events;

        Appended(int responses, int feedback) {
            responsesStored = new ArrayList<>(responses);
            feedbackStored = new ArrayList<>(feedback);
        }

        WriteResult result() {
            return new WriteResult(responsesStored, feedbackStored);
        }
    }

    private final FileChannel lockFile;
    private final FileLock lock;
    private final InboxLog log;
    private final GroupCommitter writer;
    private final Target target;
    private final String inboxId;
    private final PendingKeys pending = new PendingKeys();
    /** Numbers the appends: a key in {@code pending} belongs to one of them. */
    private final AtomicLong owners = new AtomicLong();
    /**
     * Appended entries not yet applied, by sequence number. Only where they are: the applier reads
     * them back from the log (the page cache), since keeping the payloads in memory changed neither
     * throughput nor young pauses (two interleaved pairs of single-event runs) and only held memory.
     */
    private final ConcurrentSkipListMap<Long, InboxLog.Slot> waiting = new ConcurrentSkipListMap<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final Object progress = new Object();
    private final Thread applier;
    private volatile long applied;
    private volatile boolean closing;
    private volatile int readersWaiting;
    /** Completed when the backlog drops below the limit; null while nobody waits. Under progress. */
    private CompletableFuture<Void> room;
    /** Statements of the writer thread, prepared once (SQLite compiles each prepareStatement anew). */
    private final PreparedStatement responseExists;
    private final PreparedStatement feedbackExists;
    private final PreparedStatement directWrites;
    /** Which keys the database may hold: most checks of new keys skip it. Writer thread. */
    private final StoredKeys stored;
    /** Stands in for a direct-write count that is not a number: below every real one. Writer thread. */
    private long unreadableDirectWrites = Long.MIN_VALUE / 2;
    /** When the direct-write count was last read ({@link System#nanoTime}); writer thread only. */
    private long directWritesChecked = System.nanoTime() - DIRECT_WRITES_CHECK.toNanos();
    /** The appends of the current transaction; writer thread only. */
    private final List<Append> group = new ArrayList<>();

    private Inbox(FileChannel lockFile, FileLock lock, InboxLog log, GroupCommitter writer, Connection lookup,
            StoredKeys.Scan scan, Target target, long applied) throws SQLException {
        this.lockFile = lockFile;
        this.lock = lock;
        this.log = log;
        this.writer = writer;
        this.responseExists = lookup.prepareStatement("SELECT 1 FROM responses WHERE project = ? AND request_id = ?");
        this.feedbackExists = lookup.prepareStatement("SELECT 1 FROM feedback WHERE project = ? AND event_id = ?");
        this.directWrites = lookup.prepareStatement("SELECT value FROM settings WHERE name = '"
                + StoredKeys.DIRECT_WRITES + "'");
        this.stored = new StoredKeys(scan, pending::snapshot, this::onWriter);
        this.target = target;
        this.inboxId = log.id();
        this.applied = applied;
        this.committed.set(applied);
        this.applier = new Thread(this::applyLoop, "feedloop-inbox-applier");
        applier.setDaemon(true);
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
     */
    public static Optional<Inbox> open(Path database, boolean flushBeforeAcknowledging, Target target,
            String appliedPosition, Connection lookup, ConnectionPool readers) {
        String base = database.toAbsolutePath().toString();
        FileChannel lockFile = null;
        FileLock lock;
        try {
            lockFile = FileChannel.open(Path.of(base + "-inbox.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = lockFile.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(lockFile);
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
            GroupCommitter writer = new GroupCommitter(lookup, false, sync, null, "feedloop-inbox-writer");
            Inbox inbox = new Inbox(lockFile, lock, log, writer, lookup, new StoredKeyScan(readers), target,
                    position(appliedPosition, log.id()));
            writer.hooks(inbox.new Hooks());
            inbox.recover();
            inbox.applier.start();
            return Optional.of(inbox);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(log);
            closeQuietly(lookup);
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel is closed next
            }
            closeQuietly(lockFile);
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

    /** The inbox's steps around each transaction of its writer. */
    private final class Hooks implements GroupCommitter.Hooks {
        @Override
        public void begin() {
            group.clear();
        }

        @Override
        public void beforeCommit(Connection connection) throws SQLException {
            Inbox.this.beforeCommit(connection);
        }

        @Override
        public void end() {
            group.clear();
        }
    }

    /** Applies everything left by an earlier run, before any new write is taken. */
    private void recover() throws SQLException {
        for (InboxLog.Slot slot : log.recovered()) {
            if (slot.seq() > applied) {
                waiting.put(slot.seq(), slot);
            }
        }
        long total = 0;
        while (true) {
            int moved = applyOnce();
            if (moved == 0) {
                break;
            }
            total += moved;
        }
        if (total > 0) {
            LOG.info("applied {} events left in the ingest inbox by an earlier run", total);
        }
        backlog.set(0); // applyOnce subtracted events no append of this run had counted
        log.release(applied);
    }

    /**
     * Appends the batch's new records; the future completes once the append is on disk, with each
     * record reported stored or duplicate.
     */
    public CompletableFuture<WriteResult> append(Batch batch) {
        if (closing) {
            return CompletableFuture.failedFuture(new StoreException("the store is closing", null));
        }
        if (backlog.get() >= MAX_BACKLOG_EVENTS) {
            return room().thenCompose(ready -> appendNow(batch));
        }
        return appendNow(batch);
    }

    /** Completes once the backlog is below {@link #MAX_BACKLOG_EVENTS}; fails after {@link #ROOM_WAIT}. */
    private CompletableFuture<Void> room() {
        CompletableFuture<Void> wait;
        synchronized (progress) {
            if (backlog.get() < MAX_BACKLOG_EVENTS) {
                return CompletableFuture.completedFuture(null);
            }
            if (room == null) {
                room = new CompletableFuture<>();
            }
            wait = room;
        }
        return wait.copy().orTimeout(ROOM_WAIT.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e ->
                CompletableFuture.failedFuture(new StoreException("the database is " + backlog.get()
                        + " events behind ingest; retry shortly", e)));
    }

    /** Called by the applier: lets waiting appends go once the backlog is below the limit. */
    private void releaseRoom() {
        CompletableFuture<Void> ready;
        synchronized (progress) {
            if (room == null || backlog.get() >= MAX_BACKLOG_EVENTS) {
                return;
            }
            ready = room;
            room = null;
        }
        ready.complete(null);
    }

    private CompletableFuture<WriteResult> appendNow(Batch batch) {
        Append work = new Append(batch);
        return writer.submitAsync(work).handle((appended, failure) -> {
            if (failure != null) {
                work.release();
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            if (appended.seq > 0) {
                committed.accumulateAndGet(appended.seq, Math::max);
                long waiting = backlog.addAndGet(appended.events);
                if (waiting >= APPLY_BATCH_EVENTS && waiting - appended.events < APPLY_BATCH_EVENTS) {
                    synchronized (progress) {
                        progress.notifyAll(); // a full batch: the applier need not wait out the delay
                    }
                }
            }
            return appended.result();
        });
    }

    /**
     * Waits until every write acknowledged so far is in the main database (bounded by
     * {@link #READ_WAIT}); returns at once on the inbox's and the store's own threads.
     */
    public void awaitApplied() {
        if (Thread.currentThread() == applier || writer.onWriterThread()) {
            return;
        }
        long wanted = committed.get();
        if (applied >= wanted) {
            return;
        }
        long deadline = System.nanoTime() + READ_WAIT.toNanos();
        synchronized (progress) {
            readersWaiting++;
            progress.notifyAll(); // the applier goes now instead of waiting for a larger batch
            try {
                while (applied < wanted && !closing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.debug("read waited {} for the inbox and goes ahead", READ_WAIT);
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                readersWaiting--;
            }
        }
    }

    /** Runs {@code task} on the writer thread, in order with the appends queued before it. */
    private void onWriter(Runnable task) {
        writer.submitAsync(c -> {
            task.run();
            return null;
        });
    }

    /** True while a filter of stored keys spares duplicate checks (tests wait for it). */
    public boolean keyFilterReady() {
        return stored.ready();
    }

    public boolean healthy() {
        return writer.isAlive() && applier.isAlive();
    }

    private void applyLoop() {
        while (true) {
            try {
                awaitWork();
            } catch (InterruptedException e) {
                return;
            }
            boolean last = closing;
            int moved;
            try {
                moved = applyOnce();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("moving ingested events into the database failed; retrying in 1 s: {}", e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(1);
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

    /**
     * Returns when there is enough to apply: {@link #APPLY_BATCH_EVENTS} waiting, the oldest of them
     * waiting {@link #APPLY_DELAY}, a reader waiting, or the inbox closing.
     */
    private void awaitWork() throws InterruptedException {
        synchronized (progress) {
            while (!closing && committed.get() <= applied) {
                progress.wait(100);
            }
            long since = System.nanoTime();
            while (!closing && readersWaiting == 0 && backlog.get() < APPLY_BATCH_EVENTS) {
                long left = APPLY_DELAY.toNanos() - (System.nanoTime() - since);
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    /** Moves the next entries (up to {@link #MAX_APPLY_EVENTS} events) into the main database. */
    private int applyOnce() throws SQLException {
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
            batch.responses().forEach(r -> keys.add(responseKey(r)));
            batch.feedback().forEach(f -> keys.add(feedbackKey(f)));
            return batch;
        }).iterator();
        long last = entries.get(entries.size() - 1).seq();
        target.apply(batches, inboxId + ":" + last);
        applied = last;
        // On the writer thread, after this commit: every duplicate check from then on reads the
        // database afresh and sees these rows (a retried apply may have listed a key twice: removing
        // is idempotent).
        onWriter(() -> pending.removeAll(keys));
        for (InboxLog.Slot e : entries) {
            waiting.remove(e.seq());
        }
        log.release(last);
        backlog.addAndGet(-events);
        synchronized (progress) {
            progress.notifyAll();
        }
        releaseRoom();
        return events;
    }

    /** The next entries after the applied position, up to {@link #MAX_APPLY_EVENTS} events. */
    private List<InboxLog.Slot> next() {
        List<InboxLog.Slot> entries = new ArrayList<>();
        long events = 0;
        for (InboxLog.Slot e : waiting.tailMap(applied, false).values()) {
            if (!entries.isEmpty() && events + e.events() > MAX_APPLY_EVENTS) {
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

    private static String responseKey(ResponseRecord r) {
        return responseKey(r.project(), r.requestId());
    }

    private static String feedbackKey(FeedbackRecord f) {
        return feedbackKey(f.project(), f.eventId());
    }

    static String responseKey(String project, String requestId) {
        return "r\u0000" + project + '\u0000' + requestId;
    }

    static String feedbackKey(String project, String eventId) {
        return "f\u0000" + project + '\u0000' + eventId;
    }

    /**
     * One batch's append, run on the inbox's writer thread. A record is a candidate when no other
     * append holds its key in {@code pending}; the key then stays claimed until the record is
     * applied. A retried run (after a neighbour's failure rolled the transaction back) finds its own
     * claims and keeps them. Candidates are checked against the main database and written in
     * {@link #beforeCommit}, once for the whole transaction.
     */
    private final class Append implements GroupCommitter.Work<Appended> {
        /** Marks this append's claims in {@code pending}. */
        private final long owner = owners.incrementAndGet();
        private final Batch batch;
        /** Each record's key fingerprint: responses first, then feedback (hashed once, used thrice). */
        private final long[][] fingerprints;
        /** The records whose keys this append holds in {@code pending}, by the same index. */
        private final BitSet claimed = new BitSet();
        /** Keys met in the current run: the same record twice in one batch is stored once. */
        private final Set<String> seen = new HashSet<>();
        private Appended appended;

        Append(Batch batch) {
            this.batch = batch;
            this.fingerprints = new long[batch.responses().size() + batch.feedback().size()][];
        }

        @Override
        public Appended run(Connection c) {
            seen.clear();
            appended = new Appended(batch.responses().size(), batch.feedback().size());
            int i = 0;
            for (ResponseRecord r : batch.responses()) {
                appended.responsesStored.add(claim(responseKey(r), i++));
            }
            for (FeedbackRecord f : batch.feedback()) {
                appended.feedbackStored.add(claim(feedbackKey(f), i++));
            }
            group.add(this);
            return appended;
        }

        private boolean claim(String key, int index) {
            if (!seen.add(key)) {
                return false;
            }
            if (fingerprints[index] == null) {
                fingerprints[index] = PendingKeys.fingerprint(key);
            }
            if (!pending.claim(fingerprints[index], owner)) {
                return false;
            }
            claimed.set(index);
            return true;
        }

        /** The candidates the main database already holds become duplicates; the rest are returned. */
        void confirm(List<ResponseRecord> responses, List<FeedbackRecord> feedback) throws SQLException {
            int responseCount = batch.responses().size();
            for (int i = 0; i < responseCount; i++) {
                ResponseRecord r = batch.responses().get(i);
                if (appended.responsesStored.get(i)) {
                    if (stored(responseExists, r.project(), r.requestId(), i)) {
                        appended.responsesStored.set(i, false);
                    } else {
                        responses.add(r);
                    }
                }
            }
            for (int i = 0; i < batch.feedback().size(); i++) {
                FeedbackRecord f = batch.feedback().get(i);
                if (appended.feedbackStored.get(i)) {
                    if (stored(feedbackExists, f.project(), f.eventId(), responseCount + i)) {
                        appended.feedbackStored.set(i, false);
                    } else {
                        feedback.add(f);
                    }
                }
            }
        }

        /**
         * True when the database holds the record (its claim is then given up); false when it is
         * new, and the filter learns its key.
         */
        private boolean stored(PreparedStatement query, String project, String id, int index) throws SQLException {
            long[] fingerprint = fingerprints[index];
            if (stored.mightBeStored(fingerprint)) {
                query.setString(1, project);
                query.setString(2, id);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        pending.release(fingerprint, owner);
                        claimed.clear(index);
                        return true;
                    }
                }
            }
            stored.added(fingerprint);
            return false;
        }

        /** After a final failure: the records were not appended, so their keys are free again. */
        void release() {
            claimed.stream().forEach(index -> pending.release(fingerprints[index], owner));
        }
    }

    /**
     * Writes the group's new records as one inbox entry: one write per group instead of one per
     * request.
     */
    private void beforeCommit(Connection c) throws SQLException {
        long now = System.nanoTime();
        if (now - directWritesChecked >= DIRECT_WRITES_CHECK.toNanos()) {
            stored.check(directWriteCount());
            directWritesChecked = now;
        }
        List<ResponseRecord> responses = new ArrayList<>();
        List<FeedbackRecord> feedback = new ArrayList<>();
        List<Appended> appends = new ArrayList<>(group.size());
        for (Append a : group) {
            int before = responses.size() + feedback.size();
            a.confirm(responses, feedback);
            a.appended.events = responses.size() + feedback.size() - before;
            appends.add(a.appended);
        }
        int events = responses.size() + feedback.size();
        if (events == 0) {
            return;
        }
        byte[] payload = BatchCodec.encode(new Batch(responses, feedback));
        InboxLog.Slot slot;
        try {
            slot = log.append(events, payload);
        } catch (IOException e) {
            // the group is retried unit by unit; a write that keeps failing fails its callers
            throw new SQLException("cannot write the ingest inbox: " + e.getMessage(), e);
        }
        long seq = slot.seq();
        waiting.put(seq, slot);
        for (Appended a : appends) {
            a.seq = a.events > 0 ? seq : 0;
        }
    }

    /**
     * The database's {@link StoredKeys#DIRECT_WRITES} count: 0 until a direct write sets it, and a
     * new value each time for a row that is not a number (the filter is then never trusted).
     */
    private long directWriteCount() throws SQLException {
        try (ResultSet rs = directWrites.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            String value = rs.getString(1);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return ++unreadableDirectWrites;
            }
        }
    }

    /** Takes no more writes, applies everything appended, then closes the inbox's files. */
    @Override
    public void close() {
        closing = true;
        stored.close();
        writer.close();
        synchronized (progress) {
            progress.notifyAll();
        }
        try {
            applier.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close(); // the writer closed the lookup connection
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(AutoCloseable c) {
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
