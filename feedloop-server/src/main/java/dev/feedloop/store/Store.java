package dev.feedloop.store;

import dev.feedloop.capture.Batch;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything Feedloop keeps. Implementations are thread-safe; a write that returns has been
 * committed to durable storage.
 */
public interface Store extends AutoCloseable {

    /**
     * Stores a batch: responses and feedback already present (same project and request id, or same
     * event id) are reported as duplicates and left unchanged.
     *
     * @throws StoreException when the database cannot commit; nothing of the batch is then stored
     */
    WriteResult write(Batch batch);

    Optional<StoredResponse> response(String project, String requestId);

    List<StoredFeedback> feedback(String project, String requestId);

    void saveKey(ApiKeyRecord key);

    Optional<ApiKeyRecord> key(String keyId);

    /** Returns the named installation setting, creating it from {@code initial} the first time. */
    String setting(String name, Supplier<String> initial);

    @Override
    void close();
}
