package dev.feedloop.store.sqlite.inbox;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The inbox's time: a monotonic clock in nanoseconds (as {@link System#nanoTime}) and every wait
 * measured on it (the applier's delay, a read's wait for the applier, an append's wait for room,
 * the pause after a failed apply, how often the direct-write count is read, and through
 * {@link StoredKeys} the quiet time and retries of the key filter). Production passes
 * {@link #SYSTEM}; tests pass a clock they advance by hand, so none of them sleeps for time to pass.
 */
public interface Ticker {
    /** The time now, in nanoseconds from an arbitrary origin; differences are what count. */
    long nanoTime();

    /**
     * With {@code monitor} held by the caller: waits on it until {@code done} holds or this clock
     * reaches {@code deadline} (a {@link #nanoTime} value). {@code done} is read again each time
     * the monitor is notified, so whoever changes what it reads notifies the monitor.
     *
     * @return true when {@code done} holds, false when the deadline came first
     */
    boolean await(Object monitor, BooleanSupplier done, long deadline) throws InterruptedException;

    /** Pauses the calling thread for {@code duration} of this clock. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Fails {@code future} with a {@link java.util.concurrent.TimeoutException} unless it completes
     * within {@code timeout} of this clock; returns it.
     */
    <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout);

    /** The real clock: {@link System#nanoTime}, monitor waits, {@link CompletableFuture#orTimeout}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(Object monitor, BooleanSupplier done, long deadline) throws InterruptedException {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }

        @Override
        public <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
            return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String toString() {
            return "Ticker.SYSTEM";
        }
    };
}
