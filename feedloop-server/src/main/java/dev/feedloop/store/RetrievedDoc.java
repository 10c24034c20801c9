package dev.feedloop.store;

import java.util.Objects;

/** One document the application retrieved as context for a response. */
public record RetrievedDoc(String docId, String text, Double score) {
    public RetrievedDoc {
        Objects.requireNonNull(docId, "docId");
    }
}
