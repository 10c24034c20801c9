package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An intended tracker call (create, comment, reopen, close, relabel a pattern's ticket). {@code key}
 * is deterministic for the intent (pattern + kind + run or fix id), so enqueueing it twice keeps one.
 * {@code payload} is JSON, already redacted. {@code state}: pending, sent or failed (given up).
 */
public record OutboxEntry(long seq, String project, String key, String patternId, String kind, String payload,
        String state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt) {
    public OutboxEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new pending entry, due at once. */
    public static OutboxEntry pending(String project, String key, String patternId, String kind, String payload,
            Instant at) {
        return new OutboxEntry(0, project, key, patternId, kind, payload, "pending", 0, at, null, at);
    }
}
