package dev.feedloop.demo;

import java.util.Objects;

/**
 * One document the simulated assistant retrieved for a response, as in {@code retrieved_context}.
 *
 * @param docId the knowledge-base id, e.g. {@code kb-refunds}
 * @param text  the passage handed to the model (may be cut short on purpose by a planted pattern)
 * @param score the retriever's similarity in [0, 1]
 */
public record RetrievedDoc(String docId, String text, double score) {
    public RetrievedDoc {
        Objects.requireNonNull(text, "text");
        if (docId == null || docId.isBlank()) {
            throw new IllegalArgumentException("docId must not be blank: '" + docId + "'");
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }
}
