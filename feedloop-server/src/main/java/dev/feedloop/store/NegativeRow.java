package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A response selected as negative, with what triage needs as evidence. {@code signals} names why:
 * implicit signals, {@code rating}, {@code thumbs_down}, {@code edit}, {@code reasked}.
 */
public record NegativeRow(String requestId, Instant timestamp, String promptVersion, String model, String userInput,
        String llmOutput, String editedOutput, Double editMagnitude, Set<String> signals, Double maxRetrievalScore,
        List<String> docIds, boolean contextTruncated) {
    public NegativeRow {
        signals = Set.copyOf(signals);
        docIds = List.copyOf(docIds);
    }
}
