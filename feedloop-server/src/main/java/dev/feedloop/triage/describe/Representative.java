package dev.feedloop.triage.describe;

/**
 * A cluster member chosen to show what the cluster is about.
 *
 * @param index      the member's position in the lists given to {@link Representatives}
 * @param text       the member's text
 * @param similarity cosine similarity of the member's vector to the cluster centroid
 */
public record Representative(int index, String text, double similarity) {

    /** @throws IllegalArgumentException if index is negative, text is null or similarity is NaN */
    public Representative {
        if (index < 0 || text == null || Double.isNaN(similarity)) {
            throw new IllegalArgumentException("invalid representative #" + index + " (" + similarity + ")");
        }
    }
}
