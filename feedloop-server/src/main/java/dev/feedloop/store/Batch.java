package dev.feedloop.store;

import java.util.List;

/** Valid records to store together; a seed-style event contributes one of each. */
public record Batch(List<ResponseRecord> responses, List<FeedbackRecord> feedback) {
    public Batch {
        responses = List.copyOf(responses);
        feedback = List.copyOf(feedback);
    }

    public boolean isEmpty() {
        return responses.isEmpty() && feedback.isEmpty();
    }
}
