package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** API keys (only their hashes) and installation settings. */
public interface KeyStore {

    void saveKey(ApiKeyRecord key);

    /** The key with this id while it admits requests: empty when unknown or revoked. */
    Optional<ApiKeyRecord> key(String keyId);

    /** The keys of one project, or of every project when {@code project} is null; revoked ones too, oldest first. */
    List<ApiKeyRecord> keys(String project);

    /**
     * Marks a key revoked, keeping its row, and changes {@link #keyRevocations} in the same transaction.
     *
     * @return false, changing nothing, when no key has this id or it is revoked already
     */
    boolean revokeKey(String keyId, Instant at);

    /**
     * A number that changes whenever a key is revoked, by this process or another on the same
     * database; cheap to read, so that a server can compare it often and forget the keys it cached.
     */
    long keyRevocations();

    /** Returns the named installation setting, creating it from {@code initial} the first time. */
    String setting(String name, Supplier<String> initial);
}
