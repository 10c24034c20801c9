package dev.feedloop.stats;

/**
 * A pattern's occurrences in one window and that window's exposure (the number of responses).
 *
 * <p>Occurrences are not capped by exposure: the Poisson model does not need it, and a caller
 * that counts several feedback events per response still gets a meaningful rate.
 *
 * @param occurrences how often the pattern occurred in the window, {@code >= 0}
 * @param exposure    responses served in the window, {@code > 0}
 */
public record RateWindow(long occurrences, long exposure) {

    /**
     * @throws IllegalArgumentException if occurrences is negative or exposure is not positive
     */
    public RateWindow {
        if (occurrences < 0) {
            throw new IllegalArgumentException("occurrences must be >= 0, got " + occurrences);
        }
        if (exposure <= 0) {
            throw new IllegalArgumentException("exposure (responses) must be > 0, got " + exposure);
        }
    }

    /** Occurrences per response. */
    public double rate() {
        return (double) occurrences / exposure;
    }
}
