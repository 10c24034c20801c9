package dev.feedloop.store.sqlite.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A {@link Ticker} that stands still until the test {@link #advance advances} it: waits end when
 * they are notified or when an advance reaches their deadline, timeouts fire on the advance that
 * passes them, and a sleeping thread sleeps until then.
 */
public final class FakeTicker implements Ticker {
    /** Written under this; read anywhere. */
    private volatile long now = 1_000_000_000L;
    /** Every monitor a thread waited on: an advance notifies them all. Guarded by this. */
    private final Set<Object> monitors = new LinkedHashSet<>();
    /** Timeouts not yet due nor done. Guarded by this. */
    private final List<Timeout> timeouts = new ArrayList<>();
    private final Object sleepers = new Object();
    /** Threads inside {@link #await} (sleepers too). Guarded by this. */
    private int waiting;

    private record Timeout(long deadline, CompletableFuture<?> future) {
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean await(Object monitor, BooleanSupplier done, long deadline) throws InterruptedException {
        // registered before the time is read: an advance either sees the monitor and notifies it
        // (once this thread waits and lets go of it), or happened before, and the time read is its
        synchronized (this) {
            monitors.add(monitor);
            waiting++;
            notifyAll();
        }
        try {
            while (!done.getAsBoolean()) {
                if (now - deadline >= 0) {
                    return false;
                }
                monitor.wait();
            }
            return true;
        } finally {
            synchronized (this) {
                waiting--;
            }
        }
    }

    /**
     * Returns once {@code threads} threads wait on this clock, their deadlines taken before any
     * later {@link #advance}; fails after 10 s of real time (it waits for other threads to get there,
     * not for time to pass).
     */
    public void awaitWaiting(int threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (this) {
            while (waiting < threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(waiting + " threads wait on the clock, not " + threads);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        synchronized (sleepers) {
            await(sleepers, () -> false, now + duration.toNanos());
        }
    }

    @Override
    public <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
        synchronized (this) {
            timeouts.add(new Timeout(now + timeout.toNanos(), future));
        }
        return future;
    }

    /** Moves the time on: fires the timeouts it passes and wakes every waiter to look again. */
    public void advance(Duration duration) {
        List<CompletableFuture<?>> due = new ArrayList<>();
        List<Object> waiters;
        synchronized (this) {
            now += duration.toNanos();
            timeouts.removeIf(t -> {
                if (t.future().isDone()) {
                    return true;
                }
                if (now - t.deadline() >= 0) {
                    due.add(t.future());
                    return true;
                }
                return false;
            });
            waiters = List.copyOf(monitors);
        }
        due.forEach(f -> f.completeExceptionally(new TimeoutException()));
        for (Object monitor : waiters) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }
}
