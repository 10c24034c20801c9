package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/** One signal about one response. {@code eventId} is the idempotency key. */
public record FeedbackRecord(
        String project,
        String eventId,
        String requestId,
        Instant timestamp,
        ImplicitSignal implicitSignal,
        Integer explicitRating,
        Thumbs thumbs,
        String editedOutput,
        String comment) {

    public FeedbackRecord {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(timestamp, "timestamp");
        if (implicitSignal == null && explicitRating == null && thumbs == null && comment == null) {
            throw new IllegalArgumentException("feedback needs a signal, a rating, thumbs or a comment");
        }
        if (explicitRating != null && (explicitRating < 1 || explicitRating > 5)) {
            throw new IllegalArgumentException("explicitRating must be 1-5, got " + explicitRating);
        }
    }
}
