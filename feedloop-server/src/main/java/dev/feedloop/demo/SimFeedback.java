package dev.feedloop.demo;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One simulated feedback event, with the fields of a {@code feedback} record in docs/records.md.
 * Absent optional fields are {@code null}.
 */
public record SimFeedback(
        String eventId,
        String requestId,
        Instant timestamp,
        String implicitSignal,
        Integer explicitRating,
        String thumbs,
        String editedOutput,
        String comment) {

    /** The implicit signals of docs/records.md. */
    public static final Set<String> SIGNALS = Set.of("accepted", "edited", "regenerated", "abandoned", "reasked");

    public SimFeedback {
        SimResponse.requireText(eventId, "eventId");
        SimResponse.requireText(requestId, "requestId");
        Objects.requireNonNull(timestamp, "timestamp");
        if (implicitSignal != null && !SIGNALS.contains(implicitSignal)) {
            throw new IllegalArgumentException("unknown implicit signal: " + implicitSignal);
        }
        if (explicitRating != null && (explicitRating < 1 || explicitRating > 5)) {
            throw new IllegalArgumentException("explicit rating must be 1-5: " + explicitRating);
        }
        if (thumbs != null && !thumbs.equals("up") && !thumbs.equals("down")) {
            throw new IllegalArgumentException("thumbs must be up or down: " + thumbs);
        }
        if (implicitSignal == null && explicitRating == null && thumbs == null && comment == null) {
            throw new IllegalArgumentException("feedback " + eventId + " carries no signal, rating, thumbs or comment");
        }
        if (editedOutput != null && !"edited".equals(implicitSignal)) {
            throw new IllegalArgumentException("edited output without the edited signal in " + eventId);
        }
    }
}
