package dev.feedloop.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes commits durable off the writer thread, so the next transaction runs while the last one's
 * log is flushed to disk (pipelined group commit).
 *
 * <p>The writer commits with SQLite's {@code synchronous=NORMAL}: the commit reaches the operating
 * system but not the disk, and checkpoints still sync the log before copying it into the database
 * and the database before the log is reused. This thread then flushes the write-ahead log
 * ({@code fdatasync} on the file; on Linux it flushes the file whichever descriptor wrote it) and
 * only then releases the acknowledgements of every commit made before the flush began. An
 * acknowledged write is therefore on disk exactly as with {@code synchronous=FULL}, where SQLite
 * flushes inside every commit; the difference is that one flush now covers several commits and
 * overlaps the next one instead of stalling it.
 *
 * <p>With more than one barrier, each has its own thread taking from the same queue, so commits
 * queued while one flush is slow are flushed at once by an idle thread instead of waiting for it.
 * Any flush that succeeds covers everything written before it began (Linux's {@code fdatasync}
 * waits for pages another flush is still writing), so answers released by a later flush never
 * get ahead of data on disk. Each barrier must report errors on its own: on Linux a failed
 * writeback is reported once per open file description, so each uses its own descriptors.
 */
public final class WalSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalSync.class);

    /** Flushes everything written to the log so far. */
    public interface Barrier {
        void sync() throws IOException;
    }

    /** A commit waiting for the flush: what to run once it is durable, or if the flush failed. */
    interface Pending {
        void durable();

        void failed(IOException e);
    }

    private static final Pending STOP = new Pending() {
        @Override
        public void durable() {
        }

        @Override
        public void failed(IOException e) {
        }
    };

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile IOException broken;

    WalSync(Barrier barrier) {
        this(List.of(barrier));
    }

    /** One flushing thread per barrier; the barriers flush the same files through their own descriptors. */
    public WalSync(List<Barrier> barriers) {
        for (int i = 0; i < barriers.size(); i++) {
            Barrier barrier = barriers.get(i);
            Thread t = new Thread(() -> loop(barrier), "feedloop-wal-sync" + (i == 0 ? "" : "-" + (i + 1)));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** The barrier for an SQLite database in WAL mode: {@code fdatasync} of its {@code -wal} file. */
    static Barrier walFileOf(Path database) {
        Path wal = Path.of(database.toAbsolutePath() + "-wal");
        return new Barrier() {
            private FileChannel channel;

            @Override
            public void sync() throws IOException {
                if (channel == null) {
                    // opened at the first flush: the log exists once something was committed
                    channel = FileChannel.open(wal, StandardOpenOption.READ);
                }
                channel.force(false);
            }

            @Override
            public String toString() {
                return wal.toString();
            }
        };
    }

    /** Queues a commit just made; {@code pending} runs on this thread once the log is flushed. */
    void afterCommit(Pending pending) {
        queue.add(pending);
    }

    private void loop(Barrier barrier) {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            int stops = 0;
            while (batch.remove(STOP)) {
                stops++;
            }
            for (int i = 1; i < stops; i++) {
                queue.add(STOP); // each thread stops on one of its own
            }
            if (!batch.isEmpty()) {
                flush(barrier, batch);
            }
            batch.clear();
            if (stops > 0) {
                return;
            }
        }
    }

    /**
     * Once a flush failed, none is trusted again: after a failed {@code fsync} the kernel may have
     * dropped the dirty pages, so a later successful one proves nothing about them. Every later
     * commit is refused and the store reports itself unwritable until restarted.
     */
    private void flush(Barrier barrier, List<Pending> batch) {
        if (broken == null) {
            try {
                barrier.sync();
            } catch (IOException | RuntimeException e) {
                IOException failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                synchronized (this) {
                    if (broken == null) {
                        broken = failure;
                    }
                }
                LOG.error("flushing the write-ahead log {} failed; {} commits are not confirmed and the"
                        + " store accepts no more writes until it is restarted", barrier, batch.size(), e);
            }
        }
        IOException failure = broken;
        if (failure != null) {
            batch.forEach(p -> p.failed(failure));
        } else {
            batch.forEach(Pending::durable);
        }
    }

    /** False once a flush failed. */
    boolean healthy() {
        return broken == null;
    }

    /** Flushes and releases everything queued, then stops. */
    @Override
    public void close() {
        threads.forEach(t -> queue.add(STOP));
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
