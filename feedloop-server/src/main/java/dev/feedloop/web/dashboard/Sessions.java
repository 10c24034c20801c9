package dev.feedloop.web.dashboard;

import dev.feedloop.web.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, kept on the server: the browser holds only a random token in a cookie, the
 * server the session under the token's SHA-256 (a copy of the map would not let anyone sign in).
 * A session ends on sign-out, after {@link #IDLE} without a request, after {@link #LIFETIME} in
 * any case, and as soon as its key is revoked; a restart of the server ends them all.
 * Each session has its own CSRF token, which every state-changing form must send back.
 */
final class Sessions {
    /** A session unused this long ends. */
    static final Duration IDLE = Duration.ofHours(2);
    /** No session lives longer, used or not. */
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in browser: who it is, its CSRF token, and when it ends. */
    record Session(ApiKeys.Principal principal, String csrf, Instant started, Instant lastSeen) {
    }

    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session and returns its token, for the cookie. */
    String start(ApiKeys.Principal principal) {
        expireOld();
        String token = randomToken();
        Instant now = clock.instant();
        byTokenHash.put(hash(token), new Session(principal, randomToken(), now, now));
        return token;
    }

    /** The live session of a token, its last use moved to now; empty when unknown or expired. */
    Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = hash(token);
        Session s = byTokenHash.get(key);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            byTokenHash.remove(key);
            return Optional.empty();
        }
        Session touched = new Session(s.principal(), s.csrf(), s.started(), now);
        byTokenHash.put(key, touched);
        return Optional.of(touched);
    }

    void end(String token) {
        if (token != null) {
            byTokenHash.remove(hash(token));
        }
    }

    int size() {
        return byTokenHash.size();
    }

    /** Whether the presented CSRF token is the session's, compared in constant time. */
    static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.started().plus(LIFETIME));
    }

    private void expireOld() {
        Instant now = clock.instant();
        byTokenHash.values().removeIf(s -> expired(s, now));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
