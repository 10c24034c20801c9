package dev.feedloop.triage.describe;

/**
 * A term and its class-based TF-IDF weight in one cluster.
 *
 * @param term   a unigram or a bigram ("refund status")
 * @param weight c-TF-IDF weight, positive; comparable within one fitted model only
 */
public record Keyword(String term, double weight) {

    /** @throws IllegalArgumentException if term is blank or weight is not a positive number */
    public Keyword {
        if (term == null || term.isBlank()) {
            throw new IllegalArgumentException("term must not be blank: '" + term + "'");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite: " + weight);
        }
    }

    /** Whether the term is a two-word phrase. */
    public boolean isBigram() {
        return term.indexOf(' ') >= 0;
    }
}
