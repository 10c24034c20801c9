package dev.feedloop.store.postgres;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit for the HTTP API's writes: batches that wait while the writers are busy are stored
 * together, in one transaction of at most {@link #MAX_RECORDS} records, so a burst of single events
 * costs a few commits instead of one each. The combined batch keeps the order of arrival, so a
 * record repeated in two of them is stored once and reported as a duplicate in the later one, as
 * two writes one after the other would. If the combined write fails, each batch is written on its
 * own, so one batch's failure is its own. Every future completes after its batch is committed, on
 * an acknowledging thread (as SQLite's {@code GroupCommitter}): completing it runs the HTTP answer,
 * which took more of a writer's time than the write when the writer completed it itself.
 */
final class PgGroupWriter implements AutoCloseable {
    /** Records per combined transaction: a full API request (1,000 items) is never combined further. */
    static final int MAX_RECORDS = 1_000;
    /** Batches waiting at most; past that a write fails at once (the API answers 503, clients retry). */
    static final int MAX_WAITING = 1_000;

    private record Pending(Batch batch, CompletableFuture<WriteResult> done) {
        int size() {
            return batch.responses().size() + batch.feedback().size();
        }
    }

    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final Function<Batch, WriteResult> write;
    private final List<Thread> writers = new ArrayList<>();
    private final ExecutorService acknowledgers;
    private volatile boolean closed;

    /**
     * @param write   stores one batch in one committed transaction
     * @param threads writers, each holding one pooled connection while it writes
     */
    PgGroupWriter(Function<Batch, WriteResult> write, int threads) {
        this.write = write;
        this.acknowledgers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "feedloop-pg-ack");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, "feedloop-pg-writer-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    CompletableFuture<WriteResult> submit(Batch batch) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new StoreException("the store is closed", null));
        } else if (queue.size() >= MAX_WAITING) {
            done.completeExceptionally(new StoreException(MAX_WAITING + " writes are waiting already", null));
        } else {
            queue.add(new Pending(batch, done));
        }
        return done;
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            int records = first.size();
            for (Pending next = queue.pollFirst(); next != null; next = queue.pollFirst()) {
                if (records + next.size() > MAX_RECORDS) {
                    queue.offerFirst(next); // for the next group
                    break;
                }
                group.add(next);
                records += next.size();
            }
            if (group.size() == 1) {
                writeAlone(first);
            } else {
                writeGroup(group);
            }
        }
    }

    private void writeAlone(Pending p) {
        try {
            WriteResult result = write.apply(p.batch);
            acknowledgers.execute(() -> p.done.complete(result));
        } catch (RuntimeException e) {
            acknowledgers.execute(() -> p.done.completeExceptionally(e));
        }
    }

    private void writeGroup(List<Pending> group) {
        List<ResponseRecord> responses = new ArrayList<>();
        List<FeedbackRecord> feedback = new ArrayList<>();
        for (Pending p : group) {
            responses.addAll(p.batch.responses());
            feedback.addAll(p.batch.feedback());
        }
        WriteResult all;
        try {
            all = write.apply(new Batch(responses, feedback));
        } catch (RuntimeException e) {
            group.forEach(this::writeAlone);
            return;
        }
        acknowledgers.execute(() -> {
            int r = 0;
            int f = 0;
            for (Pending p : group) {
                int nr = p.batch.responses().size();
                int nf = p.batch.feedback().size();
                p.done.complete(new WriteResult(all.responsesStored().subList(r, r + nr),
                        all.feedbackStored().subList(f, f + nf)));
                r += nr;
                f += nf;
            }
        });
    }

    /**
     * Stops taking batches, writes those already queued, and waits for the writers; a batch that
     * came in as they stopped fails with a {@link StoreException}.
     */
    @Override
    public void close() {
        closed = true;
        try {
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.done.completeExceptionally(new StoreException("the store is closed", null));
        }
        acknowledgers.shutdown();
    }
}
