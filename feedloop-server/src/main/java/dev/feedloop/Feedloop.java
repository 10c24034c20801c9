package dev.feedloop;

import dev.feedloop.routing.Router;
import dev.feedloop.routing.Routing;
import dev.feedloop.analysis.Analyst;
import dev.feedloop.capture.CaptureRules;
import dev.feedloop.capture.Ingestor;
import dev.feedloop.capture.Pseudonymizer;
import dev.feedloop.capture.RecordParser;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.JobLeases;
import dev.feedloop.store.LocalJobLeases;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.config.ConfigException;
import dev.feedloop.config.Settings;
import dev.feedloop.jobs.Scheduler;
import dev.feedloop.store.Store;
import dev.feedloop.triage.BackgroundEmbedder;
import dev.feedloop.triage.EmbeddingService;
import dev.feedloop.triage.PatternEditor;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.triage.embed.Embedders;
import dev.feedloop.triage.embed.OpenAiCompatibleEmbedder;
import dev.feedloop.triage.redact.Redactor;
import dev.feedloop.verify.Verifier;
import dev.feedloop.verify.VerifyConfig;
import dev.feedloop.web.ApiKeys;
import dev.feedloop.web.ApiServer;
import dev.feedloop.web.LoopRoutes;
import dev.feedloop.web.Metrics;
import dev.feedloop.web.dashboard.Dashboard;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
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
    private final Store store;
    private final Clock clock;
    private final Ingestor ingestor;
    private final ApiKeys keys;
    private final Metrics metrics = new Metrics();
    private Analyst analyst;
    /** One routing per instance, so that the server's deliveries (scheduled and after an HTTP run) take turns. */
    private Routing routing;
    private Embedder embedder;
    /** Threads of the local model when FEEDLOOP_EMBEDDING_THREADS is 0. */
    private int defaultEmbeddingThreads = Runtime.getRuntime().availableProcessors();

    private Feedloop(Store store, Clock clock, String envApiKey, String pseudonymSecret) {
        this.store = store;
        this.clock = clock;
        byte[] secret = pseudonymSecret == null || pseudonymSecret.isEmpty()
                ? HexFormat.of().parseHex(store.setting("pseudonym_secret", Feedloop::newSecret))
                : pseudonymSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.ingestor = new Ingestor(new RecordParser(clock, new Pseudonymizer(secret)), store);
        this.keys = new ApiKeys(store, clock, envApiKey);
    }

    /**
     * Opens the database (creating and migrating it when needed) and wires the parts.
     *
     * @param db a file path, a {@code jdbc:sqlite:} URL, or a {@code jdbc:postgresql:} URL (its password from
     *        FEEDLOOP_DB_PASSWORD or the URL)
     * @throws StoreException when the database cannot be opened
     */
    public static Feedloop open(String db, Clock clock, SqliteStore.Durability durability, String envApiKey) {
        return open(db, clock, durability, envApiKey, null);
    }

    /** As above, with the secret that pseudonymises user ids (null: one kept in the database). */
    public static Feedloop open(String db, Clock clock, SqliteStore.Durability durability, String envApiKey,
            String pseudonymSecret) {
        return new Feedloop(openStore(db, clock, durability), clock, envApiKey, pseudonymSecret);
    }

    /** The store a path or URL names: SQLite for a file, PostgreSQL for a {@code jdbc:postgresql:} URL. */
    static Store openStore(String db, Clock clock, SqliteStore.Durability durability) {
        if (db.startsWith(PostgresUrl.PREFIX)) {
            PostgresUrl url;
            try {
                url = PostgresUrl.parse(db, Settings.get(Settings.DB_PASSWORD, System.getenv()));
            } catch (IllegalArgumentException e) {
                throw new StoreException(e.getMessage(), e);
            }
            return PostgresStore.open(url, clock, CaptureRules.STANDARD);
        }
        return SqliteStore.open(databaseFile(db), clock, durability, CaptureRules.STANDARD);
    }

    /**
     * Whether the database named by a path or URL exists (a file, for SQLite; a PostgreSQL database
     * is created by its administrator, so opening it tells).
     */
    public static boolean exists(String db) {
        return db.startsWith(PostgresUrl.PREFIX) || java.nio.file.Files.exists(databaseFile(db));
    }

    static Path databaseFile(String db) {
        if (db.startsWith("jdbc:sqlite:")) {
            return Path.of(db.substring("jdbc:sqlite:".length()));
        }
        if (db.startsWith("jdbc:")) {
            throw new StoreException("only SQLite files and PostgreSQL (jdbc:postgresql://host:5432/db?user=NAME)"
                    + " are supported; got a " + db.split(":", 3)[1] + " URL", null);
        }
        return Path.of(db);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The store, as the contract every part uses. */
    public Store store() {
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

    /**
     * The embedding model named by FEEDLOOP_EMBEDDING_MODEL (loaded on first use, then shared).
     *
     * @throws ConfigException when the model name or the remote endpoint settings are invalid
     */
    public synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = createEmbedder(System.getenv(), defaultEmbeddingThreads);
        }
        return embedder;
    }

    /**
     * Threads of the local model unless FEEDLOOP_EMBEDDING_THREADS says otherwise; call before the
     * model is first used. The server passes 1: its embedding runs in the background, beside ingest.
     */
    public synchronized Feedloop defaultEmbeddingThreads(int threads) {
        this.defaultEmbeddingThreads = threads;
        return this;
    }

    /** Uses the given embedder instead of the configured one (tests, benchmarks). */
    public synchronized Feedloop withEmbedder(Embedder given) {
        this.embedder = given;
        return this;
    }

    static Embedder createEmbedder(Map<String, String> env, int defaultThreads) {
        String model = Settings.get(Settings.EMBEDDING_MODEL, env);
        if (!model.equals("openai")) {
            int threads = Settings.get(Settings.EMBEDDING_THREADS, env);
            try {
                return Embedders.create(model, threads > 0 ? threads : defaultThreads);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Settings.EMBEDDING_MODEL.env() + ": " + e.getMessage());
            }
        }
        String url = Settings.get(Settings.EMBEDDING_URL, env);
        if (url.isBlank()) {
            throw new ConfigException("FEEDLOOP_EMBEDDING_MODEL=openai needs FEEDLOOP_EMBEDDING_URL");
        }
        return new OpenAiCompatibleEmbedder(OpenAiCompatibleEmbedder.Config.of(URI.create(url),
                Settings.get(Settings.EMBEDDING_REMOTE_MODEL, env), Settings.get(Settings.EMBEDDING_API_KEY, env)));
    }

    public Triage triage(TriageConfig config) {
        return triage(config, false);
    }

    /**
     * Triage with the configured LLM analyst (FEEDLOOP_LLM_PROVIDER; none: offline labels).
     *
     * @param llmDryRun the analyst sends nothing: the requests it would send are kept for
     *     {@link Triage#llmDryRunRequests()}
     * @throws ConfigException when the analyst's settings are invalid
     */
    public Triage triage(TriageConfig config, boolean llmDryRun) {
        return triage(config, analyst(), llmDryRun);
    }

    /** Triage with the given LLM analyst (offline when it is not enabled). */
    public Triage triage(TriageConfig config, Analyst analyst, boolean llmDryRun) {
        java.util.function.Supplier<Analyst.Run> llm = !analyst.enabled() ? null
                : llmDryRun ? analyst::startDryRun : analyst::startRun;
        return new Triage(store, embeddings(), defaultClusterer(), Redactor.standard(), config, clock, llm);
    }

    /**
     * The LLM analyst FEEDLOOP_LLM_PROVIDER configures (one per instance: it holds the provider's client).
     *
     * @throws ConfigException when its settings are invalid or incomplete
     */
    public synchronized Analyst analyst() {
        if (analyst == null) {
            analyst = Analyst.from(System.getenv(), clock);
        }
        return analyst;
    }

    /** Embeddings of texts through the store's cache, with the configured model (loaded on first use). */
    public EmbeddingService embeddings() {
        return new EmbeddingService(store, this::embedder);
    }

    /**
     * The review actions (rename, describe, merge, split, dismiss, override a cause, define a pattern),
     * the same for the command line and the dashboard.
     *
     * @param actor who makes the edits, recorded in each pattern's history: an API key's id, a command-line user
     */
    public PatternEditor patternEditor(String actor) {
        return new PatternEditor(store, embeddings(), clock, TriageConfig.DEFAULT, actor);
    }

    /**
     * The HTTP API with every route (capture, reads, triage, patterns, fixes, verification) and the
     * dashboard at {@code /}, not yet started; its metrics are {@link #metrics()}.
     *
     * @param maxBodyBytes the largest request body accepted
     */
    public ApiServer apiServer(long maxBodyBytes) {
        analyst(); // a wrong LLM setting fails at start, not at the first triage run
        Verifier verifier = verifier(VerifyConfig.DEFAULT);
        return new ApiServer(ingestor, store, keys, metrics, maxBodyBytes).extend(new LoopRoutes(store,
                () -> triage(TriageConfig.DEFAULT), verifier, routing(), clock)::register)
                .extend(new Dashboard(store, this::patternEditor, verifier, routing(), clock,
                        Settings.get(Settings.PUBLIC_URL, System.getenv()))::register);
    }

    /** The server's recurring jobs (background embedding, scheduled triage and verification), not yet started. */
    public Scheduler scheduler() {
        return new Scheduler(store, () -> triage(TriageConfig.DEFAULT), verifier(VerifyConfig.DEFAULT),
                new BackgroundEmbedder(store, embeddings(), TriageConfig.DEFAULT, clock), clock)
                .withLeases(store instanceof JobLeases shared ? shared : new LocalJobLeases())
                .withRouting(routing(), Settings.get(Settings.ROUTE_EVERY, System.getenv()))
                .withRetention(textRetention(Settings.get(Settings.RETAIN_TEXT_DAYS, System.getenv())));
    }

    /** Retention of raw text for {@code days} (0: none, kept forever). */
    public dev.feedloop.jobs.TextRetention textRetention(int days) {
        return days == 0 ? null : new dev.feedloop.jobs.TextRetention(store, days, clock);
    }

    /**
     * Routing of patterns to tickets, with the tracker FEEDLOOP_TRACKER names (tickets stay in the
     * store when none is configured).
     *
     * @throws ConfigException when the tracker's settings are incomplete
     */
    public synchronized Routing routing() {
        if (routing == null) {
            routing = routing(System.getenv());
        }
        return routing;
    }

    /** As above, from the given environment. */
    public Routing routing(Map<String, String> env) {
        dev.feedloop.routing.Tracker tracker = dev.feedloop.routing.Trackers.fromEnv(env, clock);
        dev.feedloop.routing.TicketBody body = new dev.feedloop.routing.TicketBody(store, Redactor.standard(),
                Settings.get(Settings.PUBLIC_URL, env));
        return new Routing(new Router(store, body, tracker.name(),
                Settings.get(Settings.ESCALATION_TICKETS, env), clock),
                new dev.feedloop.routing.Sender(store, tracker, clock));
    }

    /**
     * A sender to the configured tracker that sends nothing: each request it would make is rendered
     * to {@code out} ({@code feedloop route --dry-run}).
     */
    public dev.feedloop.routing.Sender rehearsal(java.util.function.Consumer<String> out) {
        return new dev.feedloop.routing.Sender(store, dev.feedloop.routing.Trackers.fromEnv(System.getenv(), clock, out),
                clock);
    }

    public Metrics metrics() {
        return metrics;
    }

    public Verifier verifier(VerifyConfig config) {
        return new Verifier(store, config, clock);
    }

    static Function<float[][], int[]> defaultClusterer() {
        dev.feedloop.triage.cluster.Clusterer clusterer = new dev.feedloop.triage.cluster.Clusterer();
        return vectors -> clusterer.cluster(vectors).labels();
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
        }
        store.close();
    }
}
