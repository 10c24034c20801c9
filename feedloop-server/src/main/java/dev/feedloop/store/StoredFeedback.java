package dev.feedloop.store;


/**
 * A stored feedback event. {@code editMagnitude} is null until both the edit and its response are
 * stored (feedback may arrive first).
 */
public record StoredFeedback(FeedbackRecord record, Double editMagnitude) {
}
