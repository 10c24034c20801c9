package dev.feedloop.capture;

import dev.feedloop.store.DerivedSignals;
import dev.feedloop.text.Shingles;
import java.time.Duration;

/** Capture's derived signals, as every store applies them when rows arrive. */
public final class CaptureRules implements DerivedSignals {
    /** The rules of PRODUCT.md part 1, as Feedloop ships them. */
    public static final CaptureRules STANDARD = new CaptureRules();

    /** A re-ask is a near-duplicate question in the same session within this time (PRODUCT.md part 1). */
    public static final Duration REASK_WINDOW = Duration.ofMinutes(10);
    /** Word+bigram Jaccard at or above which two questions count as the same question asked again. */
    public static final double REASK_SIMILARITY = 0.5;

    private CaptureRules() {
    }

    @Override
    public double editMagnitude(String output, String edited) {
        return EditMagnitude.of(output, edited);
    }

    @Override
    public boolean changesFigures(String output, String edited) {
        return EditMagnitude.changesFigures(output, edited);
    }

    @Override
    public Duration reaskWindow() {
        return REASK_WINDOW;
    }

    @Override
    public boolean sameQuestion(Shingles earlier, Shingles later) {
        return earlier.jaccard(later) >= REASK_SIMILARITY;
    }
}
