package dev.feedloop.store;

import dev.feedloop.text.Shingles;
import java.time.Duration;

/**
 * The capture rules a store applies as rows arrive, because they need rows stored before: how much
 * an edit changed the output it edits (feedback may come before its response), and whether a later
 * question in a session asks an earlier one again. Capture defines them ({@code capture.CaptureRules});
 * every store applies the same ones, so a second database does not copy them.
 */
public interface DerivedSignals {
    /** How much the user's edit changed the output: 0 untouched to 1 rewritten. */
    double editMagnitude(String output, String edited);

    /** Whether the edit changed a figure (a price, a date, an amount) of the output. */
    boolean changesFigures(String output, String edited);

    /** How long after a response the same session's question can still be the same one asked again. */
    Duration reaskWindow();

    /**
     * Whether a later question of a session is, word for word or nearly, an earlier one asked again.
     * A store splits each question once ({@link Shingles#of}) and compares it with every neighbour.
     */
    boolean sameQuestion(Shingles earlier, Shingles later);
}
