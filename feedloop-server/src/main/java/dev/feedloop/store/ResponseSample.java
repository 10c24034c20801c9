package dev.feedloop.store;

import java.time.Instant;
import java.util.List;

/** A response drawn at random from a window: the baseline triage compares patterns against. */
public record ResponseSample(String requestId, Instant timestamp, String promptVersion, String model,
        String userInput, String llmOutput, Double maxRetrievalScore, List<String> docIds, boolean contextTruncated) {
    public ResponseSample {
        docIds = List.copyOf(docIds);
    }
}
