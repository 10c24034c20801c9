package dev.feedloop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files a demo run creates: its database (with SQLite's and the inbox's companions) and a work folder. */
final class DemoFiles {
    /** What SQLite and the ingest inbox keep beside a database file. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal", "-inbox.d", "-inbox.lock");

    private DemoFiles() {
    }

    /**
     * Makes room for a fresh demo database: the default one is replaced, a path the user chose must be new.
     *
     * @throws IllegalArgumentException when a chosen path exists, or a server is using the default one
     */
    static void prepare(Path db, boolean replaceable) {
        if (!Files.exists(db)) {
            return;
        }
        if (!replaceable) {
            throw new IllegalArgumentException(db + " already exists; the demo writes a fresh simulated world, so"
                    + " give --db a new path (or remove it: rm -r " + db + "*)");
        }
        if (inUse(db)) {
            throw new IllegalArgumentException(db + " is in use by a running Feedloop server (an earlier demo?);"
                    + " stop it first, or give --db another path");
        }
        for (Path p : files(db)) {
            deleteTree(p);
        }
    }

    /** The database and every companion that exists. */
    static List<Path> files(Path db) {
        Stream<Path> companions = COMPANIONS.stream().map(suffix -> db.resolveSibling(db.getFileName() + suffix));
        return Stream.concat(Stream.of(db), companions).filter(Files::exists).toList();
    }

    /** Whether a server holds the database's ingest inbox (it keeps the lock file locked while it runs). */
    private static boolean inUse(Path db) {
        Path lock = db.resolveSibling(db.getFileName() + "-inbox.lock");
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
