package dev.feedloop.store.sqlite.inbox;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keys the main database may hold, so that the inbox's duplicate checks skip the database
 * for keys it certainly does not: a {@link KeyFilter} of every stored key, built by scanning the
 * database in the background and fed every key the inbox takes. Under single-event load the
 * lookups were a third of the inbox writer's time, and nearly every key is new.
 *
 * <p>The filter covers the keys stored through this inbox, and the others only up to a mark: every
 * transaction that stores records without the inbox (another process that does not own it, an
 * import, a direct {@code write}) adds one to the database's {@link #DIRECT_WRITES} count. The
 * inbox reads the count every {@link Inbox#DIRECT_WRITES_CHECK} at most; once it differs from the
 * count the filter was built at, the filter is dropped (every check goes to the database, as
 * without one) and a new one is built after the count has stayed still for {@link #QUIET}.
 *
 * <p>A build cannot miss a key: it starts on the writer thread, which from then on records each key
 * it takes, and first copies the keys still pending (taken, not yet applied); the scan that follows
 * sees everything applied before. When done, the recorded keys join the filter on the writer
 * thread, which installs it. Only the writer thread touches the installed filter.
 */
final class StoredKeys implements AutoCloseable {
    /** The settings row counting transactions that stored records without the inbox. */
    static final String DIRECT_WRITES = "capture.direct_writes";
    /** How long the direct-write count must stay unchanged before a dropped filter is rebuilt. */
    static final Duration QUIET = Duration.ofSeconds(5);
    /** How long after a failed build another is tried. */
    static final Duration FAILED_RETRY = Duration.ofMinutes(1);
    /** How long after finding the database too large for a filter a build is tried again. */
    static final Duration TOO_LARGE_RETRY = Duration.ofMinutes(10);
    /** The smallest filter built: a million keys, 1.2 MiB. */
    static final int MIN_CAPACITY = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(StoredKeys.class);

    /** Reads the database for a build; runs on the build thread. */
    interface Scan {
        /** About how many keys the database holds (cheap; a build sizes its filter by it). */
        long estimate() throws SQLException;

        /** Adds every key the database holds to the filter; may read in several transactions. */
        void keys(KeyFilter into) throws SQLException;
    }

    private final Scan scan;
    private final Supplier<PendingKeys.Fingerprints> pending;
    private final Consumer<Runnable> onWriter;
    /** The most memory a filter may take: a share of the heap (a filter must never endanger ingest). */
    private final long maxBytes;
    /** The inbox's clock ({@link Ticker#nanoTime}): the quiet time and the retries are measured on it. */
    private final LongSupplier nanoTime;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "feedloop-inbox-keys");
        t.setDaemon(true);
        return t;
    });

    // writer thread only
    private KeyFilter filter;
    private long filterMark;
    private PendingKeys.Fingerprints recording;
    private long mark = Long.MIN_VALUE;
    /** No build starts before this (a {@link #nanoTime} value). */
    private long notBefore;
    private boolean tooLargeLogged;
    private volatile boolean ready;
    /** Notified when a filter is installed (see {@link #awaitReady}). */
    private final Object installed = new Object();

    /**
     * @param pending copies the keys still pending; called on the writer thread
     * @param onWriter runs a task on the writer thread, in order with its appends
     * @param nanoTime the inbox's clock, {@link Ticker#nanoTime}
     */
    StoredKeys(Scan scan, Supplier<PendingKeys.Fingerprints> pending, Consumer<Runnable> onWriter,
            LongSupplier nanoTime) {
        this(scan, pending, onWriter, nanoTime, Runtime.getRuntime().maxMemory() / 8);
    }

    /** Tests set the memory a filter may take. */
    StoredKeys(Scan scan, Supplier<PendingKeys.Fingerprints> pending, Consumer<Runnable> onWriter,
            LongSupplier nanoTime, long maxBytes) {
        this.scan = scan;
        this.nanoTime = nanoTime;
        this.notBefore = nanoTime.getAsLong();
        this.pending = pending;
        this.onWriter = onWriter;
        this.maxBytes = Math.min(maxBytes, KeyFilter.MAX_BYTES);
    }

    /**
     * With the direct-write count just read: drops a filter the count has outdated, and starts a
     * build when none is usable.
     */
    void check(long directWrites) {
        long now = nanoTime.getAsLong();
        if (directWrites != mark) {
            if (mark != Long.MIN_VALUE) {
                notBefore = Math.max(notBefore - now, QUIET.toNanos()) + now;
            }
            mark = directWrites;
        }
        if (filter != null && filterMark != directWrites) {
            LOG.debug("records were stored without the inbox: duplicate checks read the database until"
                    + " the key filter is rebuilt");
            filter = null;
            ready = false;
        }
        if (filter == null && recording == null && now - notBefore >= 0) {
            start(directWrites);
        }
    }

    /** False when the database certainly does not hold the key; true when it must be looked up. */
    boolean mightBeStored(long[] fingerprint) {
        return filter == null || filter.mightContain(fingerprint);
    }

    /** A key the inbox takes: the database will hold it. */
    void added(long[] fingerprint) {
        if (filter != null && !filter.add(fingerprint)) {
            tooLarge(filter.keys());
        }
        if (recording != null) {
            recording.add(fingerprint);
        }
    }

    /** True while a filter answers; any thread (tests wait for it). */
    boolean ready() {
        return ready;
    }

    /**
     * Waits until a filter answers; false if none does within {@code timeout}, which is real time:
     * this waits for the build thread's work, not for time to pass (tests).
     */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (installed) {
            return Ticker.SYSTEM.await(installed, () -> ready, deadline);
        }
    }

    private void start(long buildMark) {
        recording = pending.get();
        builder.execute(() -> build(buildMark));
    }

    /** On the build thread. */
    private void build(long buildMark) {
        KeyFilter built;
        try {
            long estimate = scan.estimate();
            // room for twice the keys held, so that the filter grows seldom; ~1.2 bytes a key
            long capacity = Math.max(MIN_CAPACITY, 2 * estimate);
            if (KeyFilter.bytesFor(capacity, KeyFilter.FALSE_POSITIVES) > maxBytes) {
                onWriter.accept(() -> tooLarge(estimate));
                return;
            }
            built = new KeyFilter((int) capacity, maxBytes);
            scan.keys(built);
            if (built.overflowed()) {
                onWriter.accept(() -> tooLarge(built.keys()));
                return;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot build the filter of stored keys (duplicate checks read the database; tried again"
                    + " in {}): {}", FAILED_RETRY, e.getMessage());
            onWriter.accept(this::abandon);
            return;
        }
        onWriter.accept(() -> install(built, buildMark));
    }

    /** On the writer thread; a second run (its group retried after a failure) changes nothing. */
    private void install(KeyFilter built, long buildMark) {
        if (recording == null) {
            return;
        }
        recording.addTo(built);
        if (built.overflowed()) {
            tooLarge(built.keys());
            return;
        }
        recording = null;
        filter = built;
        filterMark = buildMark;
        synchronized (installed) {
            ready = true;
            installed.notifyAll();
        }
        LOG.debug("key filter ready: {} keys, {} bytes", built.keys(), built.bytes());
    }

    /** The database holds too many keys for a filter within {@link #maxBytes}: none for a while. */
    private void tooLarge(long keys) {
        if (!tooLargeLogged) {
            LOG.info("{} stored keys are too many for a key filter within {} MiB of heap: duplicate checks"
                    + " read the database", keys, maxBytes >> 20);
            tooLargeLogged = true;
        }
        filter = null;
        ready = false;
        recording = null;
        notBefore = nanoTime.getAsLong() + TOO_LARGE_RETRY.toNanos();
    }

    /** After a failed build: the next one waits for {@link #FAILED_RETRY}. */
    private void abandon() {
        recording = null;
        notBefore = nanoTime.getAsLong() + FAILED_RETRY.toNanos();
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
