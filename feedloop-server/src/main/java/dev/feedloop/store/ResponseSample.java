package dev.feedloop.store;

import java.time.Instant;
import java.util.List;

/**
 * A response drawn at random from a window: the baseline triage compares patterns against.
 *
 * @param contextLinks the links the retrieved documents hold ({@link dev.feedloop.text.Links})
 */
public record ResponseSample(String requestId, Instant timestamp, String promptVersion, String model,
        String userInput, String llmOutput, Double maxRetrievalScore, List<String> docIds, boolean contextTruncated,
        List<String> contextLinks) {
    public ResponseSample {
        docIds = List.copyOf(docIds);
        contextLinks = List.copyOf(contextLinks);
    }

    /** A sampled response whose context holds no links. */
    public ResponseSample(String requestId, Instant timestamp, String promptVersion, String model, String userInput,
            String llmOutput, Double maxRetrievalScore, List<String> docIds, boolean contextTruncated) {
        this(requestId, timestamp, promptVersion, model, userInput, llmOutput, maxRetrievalScore, docIds,
                contextTruncated, List.of());
    }
}
