package dev.feedloop.store.sqlite.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The waits on the backlog, on a clock the test advances: nothing here sleeps. */
class BacklogTest {
    private static final Duration NANO = Duration.ofNanos(1);

    private final FakeTicker time = new FakeTicker();
    private final Backlog backlog = new Backlog(0, time);

    /** Runs {@code wait} on a thread of its own; the future completes when it returns. */
    private static CompletableFuture<Void> onThread(WaitStep wait) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                wait.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "backlog-test-waiter");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private interface WaitStep {
        void run() throws Exception;
    }

    @Test
    void anAppendWaitsForRoomAndIsRefusedOnceTheRoomWaitHasPassed() {
        backlog.acknowledged(1, Inbox.MAX_BACKLOG_EVENTS);
        assertThat(backlog.full()).isTrue();
        CompletableFuture<Void> room = backlog.room();

        time.advance(Inbox.ROOM_WAIT.minus(NANO));
        assertThat(room).isNotDone();
        time.advance(NANO);
        assertThatThrownBy(room::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StoreException.class).hasMessageContaining("events behind ingest");
    }

    @Test
    void roomComesOnceTheApplierBringsTheBacklogBelowTheLimit() {
        backlog.acknowledged(1, Inbox.MAX_BACKLOG_EVENTS);
        CompletableFuture<Void> room = backlog.room();
        backlog.applied(1);
        backlog.removed(1);
        assertThat(room).isCompleted();
        time.advance(Inbox.ROOM_WAIT);
        assertThat(room).isNotCompletedExceptionally();
        assertThat(backlog.full()).isFalse();
    }

    @Test
    void theApplierWaitsForTheDelayUnlessABatchFillsOrAReaderWaits() throws Exception {
        backlog.acknowledged(1, 1);
        CompletableFuture<Void> work = onThread(backlog::awaitWork);
        time.awaitWaiting(1);
        time.advance(Inbox.APPLY_DELAY.minus(NANO));
        assertThat(work).isNotDone();
        time.advance(NANO);
        work.get(10, TimeUnit.SECONDS); // the delay passed

        CompletableFuture<Void> full = onThread(backlog::awaitWork);
        backlog.acknowledged(2, Inbox.APPLY_BATCH_EVENTS);
        full.get(10, TimeUnit.SECONDS); // a full batch, no time passed
    }

    @Test
    void aReadMakesTheApplierGoAndWaitsForItAtMostTheReadWait() throws Exception {
        backlog.acknowledged(1, 1);
        CompletableFuture<Void> read = onThread(backlog::awaitApplied);
        // the applier goes at once because the reader waits: the reader is waiting now
        backlog.awaitWork();
        assertThat(read).isNotDone();
        time.advance(Inbox.READ_WAIT);
        read.get(10, TimeUnit.SECONDS); // gave up waiting, reads anyway

        backlog.acknowledged(2, 1);
        CompletableFuture<Void> second = onThread(backlog::awaitApplied);
        backlog.awaitWork();
        backlog.applied(2);
        backlog.removed(2);
        second.get(10, TimeUnit.SECONDS); // applied: no time passed
    }
}
