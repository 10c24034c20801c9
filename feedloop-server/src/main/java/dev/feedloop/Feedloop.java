package dev.feedloop;

import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.Pseudonymizer;
import dev.feedloop.capture.RecordParser;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Builds Feedloop's parts from configuration, in one place; commands and tests start here.
 *
 * <pre>{@code
 * try (Feedloop feedloop = Feedloop.open(Path.of("feedloop.db"), Clock.systemUTC(), Durability.FULL, "")) {
 *     feedloop.ingestor().ingest(RecordKind.RESPONSE, json, "default");
 * }
 * }</pre>
 */
public final class Feedloop implements AutoCloseable {
    private final SqliteStore store;
    private final Clock clock;
    private final Ingestor ingestor;
    private final ApiKeys keys;

    private Feedloop(SqliteStore store, Clock clock, String envApiKey) {
        this.store = store;
        this.clock = clock;
        byte[] secret = HexFormat.of().parseHex(store.setting("pseudonym_secret", Feedloop::newSecret));
        this.ingestor = new Ingestor(new RecordParser(clock, new Pseudonymizer(secret)), store);
        this.keys = new ApiKeys(store, clock, envApiKey);
    }

    /**
     * Opens the database (creating and migrating it when needed) and wires the parts.
     *
     * @param db a file path, or a {@code jdbc:sqlite:} URL
     * @throws StoreException when the database cannot be opened
     */
    public static Feedloop open(String db, Clock clock, SqliteStore.Durability durability, String envApiKey) {
        return new Feedloop(SqliteStore.open(databaseFile(db), clock, durability), clock, envApiKey);
    }

    static Path databaseFile(String db) {
        if (db.startsWith("jdbc:sqlite:")) {
            return Path.of(db.substring("jdbc:sqlite:".length()));
        }
        if (db.startsWith("jdbc:")) {
            throw new StoreException("only SQLite databases are supported so far; got " + db.split(":", 3)[1], null);
        }
        return Path.of(db);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public SqliteStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    public ApiKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        store.close();
    }
}
