package dev.feedloop.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Named locks of one process: {@link TriageStore#exclusively}'s default. */
final class LocalLocks {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private LocalLocks() {
    }

    static <T> T exclusively(String name, Supplier<T> work) {
        ReentrantLock lock = LOCKS.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
