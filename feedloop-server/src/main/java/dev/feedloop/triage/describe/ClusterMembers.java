package dev.feedloop.triage.describe;

import java.util.List;

/**
 * The members of one cluster: their (already redacted) texts and their embeddings, parallel.
 *
 * @param texts   member texts
 * @param vectors member embeddings, one per text
 */
public record ClusterMembers(List<String> texts, List<float[]> vectors) {

    /** @throws IllegalArgumentException if either list is null or they differ in size */
    public ClusterMembers {
        if (texts == null || vectors == null || texts.size() != vectors.size()) {
            throw new IllegalArgumentException("texts and vectors must be parallel lists, got "
                    + (texts == null ? null : texts.size()) + " texts and "
                    + (vectors == null ? null : vectors.size()) + " vectors");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || vectors.get(i) == null) {
                throw new IllegalArgumentException("member " + i + " has a null text or vector");
            }
        }
        texts = List.copyOf(texts);
        vectors = List.copyOf(vectors);
    }
}
