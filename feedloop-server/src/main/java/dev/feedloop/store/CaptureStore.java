package dev.feedloop.store;

import java.util.List;
import java.util.Optional;

/**
 * What capture keeps: responses and feedback, written idempotently and read back with their derived
 * signals. Implementations are thread-safe; a write that returns has been committed to durable storage.
 */
public interface CaptureStore {

    /**
     * Stores a batch: responses and feedback already present (same project and request id, or same
     * event id) are reported as duplicates and left unchanged.
     *
     * @throws StoreException when the database cannot commit; nothing of the batch is then stored
     */
    WriteResult write(Batch batch);

    /** As {@link #write}, completing when committed; the default blocks the caller. */
    default java.util.concurrent.CompletableFuture<WriteResult> writeAsync(Batch batch) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(write(batch));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    Optional<StoredResponse> response(String project, String requestId);

    List<StoredFeedback> feedback(String project, String requestId);

    /** True while the store can write; false after a fatal writer failure or close. */
    boolean writable();

    /** Projects that hold responses. */
    List<String> projects();
}
