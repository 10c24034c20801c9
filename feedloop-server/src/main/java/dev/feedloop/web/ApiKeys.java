package dev.feedloop.web;

import dev.feedloop.capture.RecordParser;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.KeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks API keys. A key reads {@code fl_<id>_<secret>}; only SHA-256 of the secret is
 * stored. A fast hash is enough here because secrets are 32 random bytes, not passwords: there is
 * nothing to guess.
 *
 * <p>The keys a request presented are cached, since single-event ingest checks one per request at
 * tens of thousands a second. A revocation must still take effect at once, also one made by another
 * process on the same database ({@code feedloop keys revoke} beside {@code feedloop serve}): every
 * {@link #REVOCATION_CHECK} at most, the request that finds the check due reads the database's
 * {@link Store#keyRevocations} count, and when it has changed the whole cache is dropped, so keys are
 * read again (revoked ones are not found). A revocation through {@link #revoke} drops it right away.
 *
 * <p>The bound: a request that starts {@link #REVOCATION_CHECK} (50 ms) or more after a revocation
 * committed is refused. The request that finds the check due, and those arriving while it reads,
 * wait for that read of one settings row, on a connection the store keeps for it (microseconds, 20
 * times a second at most); the others use the cache alone.
 */
public final class ApiKeys {
    public static final String DEFAULT_PROJECT = "default";
    /** How often, at most, the revocation count is read: see the class comment. */
    static final Duration REVOCATION_CHECK = Duration.ofMillis(50);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final KeyStore store;
    private final Clock clock;
    /** SHA-256 of FEEDLOOP_API_KEY, or null. */
    private final byte[] envKeyHash;
    /** {@link System#nanoTime}, or a test's. */
    private final LongSupplier nanoTime;
    /**
     * Replaced, never cleared, on a revocation: a request that read a key just before the revocation
     * puts it into the map it started with, which is then no longer the cache.
     */
    private volatile ConcurrentHashMap<String, Known> cache = new ConcurrentHashMap<>();
    /** When the last finished check of the revocation count started ({@link #nanoTime}). */
    private volatile long checkedAt;
    /** Held while the count is read, and guards the two fields below. */
    private final Object checking = new Object();
    /** The count the cache was filled under. */
    private long revocations = Long.MIN_VALUE;
    private boolean countUnreadable;
    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call,
     * and a key is checked on every request.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    /** A stored key as each request needs it: whom it admits, and its hash decoded once. */
    private record Known(Principal principal, byte[] hash) {
    }

    /** @param envKey the FEEDLOOP_API_KEY value, or empty for none */
    public ApiKeys(KeyStore store, Clock clock, String envKey) {
        this(store, clock, envKey, System::nanoTime);
    }

    /** Tests pass the time that paces the revocation checks. */
    ApiKeys(KeyStore store, Clock clock, String envKey, LongSupplier nanoTime) {
        this.store = store;
        this.clock = clock;
        this.envKeyHash = envKey == null || envKey.isEmpty() ? null : digest(envKey);
        this.nanoTime = nanoTime;
        this.checkedAt = nanoTime.getAsLong() - REVOCATION_CHECK.toNanos();
    }

    /**
     * Who is calling.
     *
     * @param keyId the key's id, or null for FEEDLOOP_API_KEY (which has none)
     */
    public record Principal(String project, Scope scope, String keyId) {
        public boolean canRead() {
            return scope == Scope.ADMIN;
        }

        /** How review actions name this caller in a pattern's history: {@code key <id>} or {@code FEEDLOOP_API_KEY}. */
        public String actor() {
            return keyId == null ? "FEEDLOOP_API_KEY" : "key " + keyId;
        }
    }

    /**
     * Whether a key that authenticated earlier still admits requests (a dashboard session asks on
     * every page): true for FEEDLOOP_API_KEY, false once the key is revoked or gone.
     */
    public boolean stillValid(Principal principal) {
        if (principal.keyId() == null) {
            return envKeyHash != null;
        }
        return store.key(principal.keyId()).map(k -> !k.revoked()).orElse(false);
    }

    /**
     * Creates a key and returns its full text, which is shown once and never stored.
     *
     * @throws IllegalArgumentException for an invalid project name
     */
    public String create(String project, Scope scope) {
        if (!RecordParser.isValidProject(project)) {
            throw new IllegalArgumentException("project must be 1-64 letters, digits, '.', '_' or '-', got '" + project + "'");
        }
        String id = HexFormat.of().formatHex(randomBytes(6));
        String secret = HexFormat.of().formatHex(randomBytes(32));
        store.saveKey(new ApiKeyRecord(id, project, scope, sha256(secret), clock.instant()));
        return "fl_" + id + "_" + secret;
    }

    /** Resolves a presented key, or empty when it is unknown, revoked or malformed. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        if (envKeyHash != null && MessageDigest.isEqual(envKeyHash, digest(presented))) {
            return Optional.of(new Principal(DEFAULT_PROJECT, Scope.ADMIN, null));
        }
        String[] parts = presented.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("fl") || parts[1].length() != 12) {
            return Optional.empty();
        }
        checkRevocations();
        ConcurrentHashMap<String, Known> known = cache; // read after the check: it may replace the cache
        Known key = known.get(parts[1]);
        if (key == null) {
            ApiKeyRecord record = store.key(parts[1]).orElse(null);
            if (record == null) {
                return Optional.empty();
            }
            key = new Known(new Principal(record.project(), record.scope(), record.keyId()),
                    HexFormat.of().parseHex(record.secretHash()));
            known.put(parts[1], key);
        }
        if (!MessageDigest.isEqual(key.hash(), digest(parts[2]))) {
            return Optional.empty();
        }
        return Optional.of(key.principal());
    }

    /** What {@link #revoke} did: the key as now stored, and whether it had been revoked before. */
    public record Revocation(ApiKeyRecord key, boolean earlier) {
    }

    /**
     * Revokes a key, given by its id or by its whole text: this object refuses it from the next
     * request on, other processes on the database within {@link #REVOCATION_CHECK}.
     *
     * @return empty when no key has that id
     * @throws IllegalArgumentException when the text is neither a key id nor a key
     */
    public Optional<Revocation> revoke(String idOrKey) {
        String id = keyId(idOrKey);
        boolean now = store.revokeKey(id, clock.instant());
        if (now) {
            cache = new ConcurrentHashMap<>(); // after the commit: a key read again is found revoked
        }
        return store.keys(null).stream().filter(k -> k.keyId().equals(id)).findFirst()
                .map(k -> new Revocation(k, !now));
    }

    /**
     * The id of a key given as its id (the {@code <id>} of {@code fl_<id>_<secret>}) or its whole text.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static String keyId(String idOrKey) {
        String text = idOrKey.strip().toLowerCase(Locale.ROOT);
        boolean whole = text.startsWith("fl_");
        String id = whole ? text.split("_", 3)[1] : text;
        if (!KEY_ID.matcher(id).matches()) {
            // the text is not echoed: it may be most of a real secret, or FEEDLOOP_API_KEY
            throw new IllegalArgumentException(whole
                    ? "that key is malformed: a key reads fl_<id>_<secret>, its id being 12 hex digits"
                    : "that is not a key id: an id is 12 hex digits (the <id> of fl_<id>_<secret>), as"
                            + " 'feedloop keys list --all' shows");
        }
        return id;
    }

    /**
     * Drops the cache when the database's revocation count has changed since it was filled, or
     * cannot be read; reads the count once every {@link #REVOCATION_CHECK} at most, on the request
     * that finds it due.
     */
    private void checkRevocations() {
        if (nanoTime.getAsLong() - checkedAt < REVOCATION_CHECK.toNanos()) {
            return;
        }
        synchronized (checking) {
            long start = nanoTime.getAsLong();
            if (start - checkedAt < REVOCATION_CHECK.toNanos()) {
                return; // checked while this request waited, and recently enough
            }
            OptionalLong count = readRevocations();
            if (count.isEmpty() || count.getAsLong() != revocations) {
                cache = new ConcurrentHashMap<>();
                revocations = count.orElse(Long.MIN_VALUE);
            }
            checkedAt = start; // after the cache: whoever sees this time sees the cache it left
        }
    }

    /** The count, or empty when it cannot be read (logged once until it can again). */
    private OptionalLong readRevocations() {
        try {
            long count = store.keyRevocations();
            if (countUnreadable) {
                LOG.info("the count of revoked API keys is readable again");
                countUnreadable = false;
            }
            return OptionalLong.of(count);
        } catch (RuntimeException e) {
            if (!countUnreadable) {
                LOG.warn("cannot read the count of revoked API keys ({}); until it can be, the keys requests"
                        + " present are read from the database again every {} ms", e.getMessage(),
                        REVOCATION_CHECK.toMillis());
                countUnreadable = true;
            }
            return OptionalLong.empty();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(String text) {
        return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
    }
}
