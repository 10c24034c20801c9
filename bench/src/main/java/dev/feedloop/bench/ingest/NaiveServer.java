package dev.feedloop.bench.ingest;

import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.Pseudonymizer;
import dev.feedloop.capture.RecordParser;
import dev.feedloop.config.Settings;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiKeys;
import dev.feedloop.web.ApiServer;
import dev.feedloop.web.Metrics;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Feedloop's real API server (same routes, auth, parsing, validation and metrics) on top of
 * {@link NaiveStore}: one synchronous transaction per request, no group commit.
 *
 * <p>Usage: {@code NaiveServer --db FILE [--port 0]}; reads FEEDLOOP_API_KEY and FEEDLOOP_DURABILITY
 * like {@code feedloop serve}; prints {@code listening on port N}.
 */
public final class NaiveServer {
    private NaiveServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "db", "port");
        var env = System.getenv();
        Clock clock = Clock.systemUTC();
        SqliteStore.Durability durability = Settings.get(Settings.DURABILITY, env).equals("full")
                ? SqliteStore.Durability.FULL : SqliteStore.Durability.NORMAL;
        NaiveStore store = NaiveStore.open(Path.of(args.get("db", "naive.db")), clock, durability);
        byte[] secret = HexFormat.of().parseHex(store.setting("pseudonym_secret", NaiveServer::newSecret));
        Ingestor ingestor = new Ingestor(new RecordParser(clock, new Pseudonymizer(secret)), store);
        ApiKeys keys = new ApiKeys(store, clock, Settings.get(Settings.API_KEY, env));
        ApiServer server = new ApiServer(ingestor, store, keys, new Metrics(), Settings.get(Settings.MAX_BODY_BYTES, env));
        server.start("127.0.0.1", args.integer("port", 0));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
        }, "naive-shutdown"));
        System.out.println("listening on port " + server.port() + " (durability " + durability + ")");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
