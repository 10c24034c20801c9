package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter's life on the inbox's writer thread, played here by the test's own thread; the build
 * runs on its own thread, and the time is the test's to advance.
 */
class StoredKeysTest {
    private final FakeTicker time = new FakeTicker();
    /** Tasks handed to the writer thread: the test runs them. */
    private final BlockingQueue<Runnable> writerTasks = new LinkedBlockingQueue<>();
    private final List<long[]> database = new ArrayList<>();
    private final PendingKeys.Fingerprints pendingNow = new PendingKeys.Fingerprints(4);
    private final AtomicInteger scans = new AtomicInteger();
    private volatile boolean scanFails;
    private StoredKeys stored;

    private static long[] key(int i) {
        return PendingKeys.fingerprint("f\u0000default\u0000event-" + i);
    }

    private StoredKeys open(long maxBytes) {
        StoredKeys.Scan scan = new StoredKeys.Scan() {
            @Override
            public long estimate() {
                return database.size();
            }

            @Override
            public void keys(KeyFilter into) throws SQLException {
                scans.incrementAndGet();
                if (scanFails) {
                    throw new SQLException("disk on fire");
                }
                database.forEach(into::add);
            }
        };
        stored = new StoredKeys(scan, () -> pendingNow, writerTasks::add, time::nanoTime, maxBytes);
        return stored;
    }

    @AfterEach
    void close() {
        if (stored != null) {
            stored.close();
        }
    }

    /** Runs the writer-thread tasks the build hands back, until the filter is ready or 10 s pass. */
    private void awaitInstalled() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stored.ready() && System.nanoTime() < deadline) {
            Runnable task = writerTasks.poll(100, TimeUnit.MILLISECONDS);
            if (task != null) {
                task.run();
            }
        }
        assertThat(stored.ready()).isTrue();
    }

    @Test
    void aBuildMissesNoKeyStoredPendingOrTakenWhileItRuns() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            database.add(key(i));
        }
        pendingNow.add(key(1_000)); // taken before the build, applied after its scan
        open(1 << 30);
        assertThat(stored.mightBeStored(key(5_000))).as("no filter yet: every key is looked up").isTrue();
        stored.check(0); // starts the build
        stored.added(key(1_001)); // taken while it runs
        awaitInstalled();
        stored.added(key(1_002)); // taken after
        for (int i = 0; i <= 1_002; i++) {
            assertThat(stored.mightBeStored(key(i))).as("key %d", i).isTrue();
        }
        int seemStored = 0;
        for (int i = 10_000; i < 20_000; i++) {
            seemStored += stored.mightBeStored(key(i)) ? 1 : 0;
        }
        assertThat(seemStored).isLessThan(200); // a million-key filter holding a thousand: almost none
    }

    @Test
    void aDirectWriteDropsTheFilterAndTheRebuildWaitsUntilTheCountStaysStill() throws Exception {
        open(1 << 30);
        stored.check(0);
        awaitInstalled();
        assertThat(stored.mightBeStored(key(7))).isFalse();

        stored.check(1); // a process wrote key 7 directly
        assertThat(stored.ready()).isFalse();
        assertThat(stored.mightBeStored(key(7))).isTrue();
        database.add(key(7));
        stored.check(2);
        assertThat(scans.get()).as("no rebuild while direct writes go on").isEqualTo(1);

        time.advance(StoredKeys.QUIET);
        stored.check(2);
        awaitInstalled();
        assertThat(scans.get()).isEqualTo(2);
        assertThat(stored.mightBeStored(key(7))).isTrue();
        assertThat(stored.mightBeStored(key(8))).isFalse();
    }

    @Test
    void aFailedScanLeavesEveryCheckToTheDatabaseAndIsRetriedLater() throws Exception {
        open(1 << 30);
        scanFails = true;
        stored.check(0);
        Runnable abandon = writerTasks.poll(10, TimeUnit.SECONDS);
        assertThat(abandon).isNotNull();
        abandon.run();
        assertThat(stored.ready()).isFalse();
        assertThat(stored.mightBeStored(key(1))).isTrue();

        scanFails = false;
        stored.check(0);
        assertThat(scans.get()).as("not before the quiet time").isEqualTo(1);
        time.advance(StoredKeys.FAILED_RETRY);
        stored.check(0);
        awaitInstalled();
        assertThat(stored.mightBeStored(key(1))).isFalse();
    }

    @Test
    void aFilterThatOutgrowsItsMemoryIsDroppedNotTrusted() throws Exception {
        long firstLayer = KeyFilter.bytesFor(StoredKeys.MIN_CAPACITY, KeyFilter.FALSE_POSITIVES);
        open(firstLayer + 1_000); // no room for a second layer
        stored.check(0);
        awaitInstalled();
        for (int i = 0; i < StoredKeys.MIN_CAPACITY; i++) {
            stored.added(key(i));
        }
        assertThat(stored.ready()).isTrue();
        stored.added(key(StoredKeys.MIN_CAPACITY)); // would need the second layer
        assertThat(stored.ready()).isFalse();
        assertThat(stored.mightBeStored(key(StoredKeys.MIN_CAPACITY))).isTrue();
        assertThat(stored.mightBeStored(key(-1))).as("every key goes to the database now").isTrue();
    }

    @Test
    void anInstallRunTwiceByARetriedGroupChangesNothing() throws Exception {
        database.add(key(1));
        open(1 << 30);
        stored.check(0);
        Runnable install = writerTasks.poll(10, TimeUnit.SECONDS);
        assertThat(install).isNotNull();
        install.run();
        stored.added(key(2));
        install.run();
        assertThat(stored.ready()).isTrue();
        assertThat(stored.mightBeStored(key(1))).isTrue();
        assertThat(stored.mightBeStored(key(2))).isTrue();
    }

    @Test
    void aDatabaseTooLargeForTheHeapShareGetsNoFilter() throws Exception {
        open(1_000_000); // room for about 800,000 keys: below the smallest filter
        stored.check(0);
        Runnable tooLarge = writerTasks.poll(10, TimeUnit.SECONDS);
        assertThat(tooLarge).isNotNull();
        tooLarge.run();
        assertThat(stored.ready()).isFalse();
        assertThat(scans.get()).isZero();
        assertThat(stored.mightBeStored(key(1))).isTrue();
    }
}
