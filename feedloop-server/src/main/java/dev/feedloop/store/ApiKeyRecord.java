package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: only a hash of its secret is kept. A revoked key keeps its row, with the time it
 * was revoked, so that a listing still explains why a key stopped working.
 *
 * @param revokedAt when the key was revoked, or null while it admits requests
 */
public record ApiKeyRecord(String keyId, String project, Scope scope, String secretHash, Instant createdAt,
        Instant revokedAt) {
    public ApiKeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A key that admits requests. */
    public ApiKeyRecord(String keyId, String project, Scope scope, String secretHash, Instant createdAt) {
        this(keyId, project, scope, secretHash, createdAt, null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** What a key may do: {@code ingest} writes records only, {@code admin} reads and writes everything. */
    public enum Scope {
        INGEST, ADMIN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope fromWire(String value) {
            for (Scope s : values()) {
                if (s.wire().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("scope must be 'ingest' or 'admin', got '" + value + "'");
        }
    }
}
