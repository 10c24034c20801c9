package dev.feedloop.store.sqlite;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file. */
class SqliteContractTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Store open(Clock clock) {
        return SqliteStore.open(dir.resolve("feedloop.db"), clock, SqliteStore.Durability.NORMAL, CaptureRules.STANDARD);
    }
}
