package dev.feedloop.web;

import dev.feedloop.capture.RecordParser;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks API keys. A key reads {@code fl_<id>_<secret>}; only SHA-256 of the secret is
 * stored. A fast hash is enough here because secrets are 32 random bytes, not passwords: there is
 * nothing to guess.
 */
public final class ApiKeys {
    public static final String DEFAULT_PROJECT = "default";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Clock clock;
    /** SHA-256 of FEEDLOOP_API_KEY, or null. */
    private final byte[] envKeyHash;
    private final ConcurrentHashMap<String, Known> cache = new ConcurrentHashMap<>();
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
    public ApiKeys(Store store, Clock clock, String envKey) {
        this.store = store;
        this.clock = clock;
        this.envKeyHash = envKey == null || envKey.isEmpty() ? null : digest(envKey);
    }

    /** Who is calling. */
    public record Principal(String project, Scope scope) {
        public boolean canRead() {
            return scope == Scope.ADMIN;
        }
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
            return Optional.of(new Principal(DEFAULT_PROJECT, Scope.ADMIN));
        }
        String[] parts = presented.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("fl") || parts[1].length() != 12) {
            return Optional.empty();
        }
        Known known = cache.get(parts[1]);
        if (known == null) {
            ApiKeyRecord record = store.key(parts[1]).orElse(null);
            if (record == null) {
                return Optional.empty();
            }
            known = new Known(new Principal(record.project(), record.scope()),
                    HexFormat.of().parseHex(record.secretHash()));
            cache.put(parts[1], known);
        }
        if (!MessageDigest.isEqual(known.hash(), digest(parts[2]))) {
            return Optional.empty();
        }
        return Optional.of(known.principal());
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
