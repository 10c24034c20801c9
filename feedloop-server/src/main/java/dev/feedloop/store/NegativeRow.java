package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A response selected as negative, with what triage needs as evidence. {@code signals} names why:
 * implicit signals, {@code rating}, {@code thumbs_down}, {@code edit}, {@code reasked}.
 *
 * @param contextLinks the links the retrieved documents hold ({@link dev.feedloop.text.Links}), so that an
 *     answer's links can be checked against them
 */
public record NegativeRow(String requestId, Instant timestamp, String promptVersion, String model, String userInput,
        String llmOutput, String editedOutput, Double editMagnitude, Set<String> signals, Double maxRetrievalScore,
        List<String> docIds, boolean contextTruncated, List<String> contextLinks) {
    public NegativeRow {
        signals = Set.copyOf(signals);
        docIds = List.copyOf(docIds);
        contextLinks = List.copyOf(contextLinks);
    }

    /** A negative whose context holds no links. */
    public NegativeRow(String requestId, Instant timestamp, String promptVersion, String model, String userInput,
            String llmOutput, String editedOutput, Double editMagnitude, Set<String> signals, Double maxRetrievalScore,
            List<String> docIds, boolean contextTruncated) {
        this(requestId, timestamp, promptVersion, model, userInput, llmOutput, editedOutput, editMagnitude, signals,
                maxRetrievalScore, docIds, contextTruncated, List.of());
    }
}
