package dev.feedloop.store.sqlite.inbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who owns the inbox: an exclusive lock on {@code <db>-inbox.lock}, held from opening to closing.
 * Another process that opens the same database (or a second store on it in this process, which
 * the JVM refuses the same lock) finds it taken and writes to the database directly.
 */
final class InboxLock implements AutoCloseable {
    private final FileChannel file;
    private final FileLock lock;

    private InboxLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** Takes the lock on {@code path} (created when absent), or returns null when someone else holds it. */
    static InboxLock tryAcquire(Path path) {
        FileChannel file = null;
        FileLock lock;
        try {
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = file.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            Inbox.closeQuietly(file);
            return null;
        }
        return new InboxLock(file, lock);
    }

    /** Releases the lock and closes its file. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        Inbox.closeQuietly(file);
    }
}
