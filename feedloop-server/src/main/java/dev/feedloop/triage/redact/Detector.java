package dev.feedloop.triage.redact;

import java.util.List;

/** Finds the items of one kind in a text. Implementations are immutable and thread-safe. */
interface Detector {

    /** False when the text cannot contain a match (a cheap pre-check before any regex). */
    boolean applies(TextFeatures features);

    /** Appends every match in {@code text} to {@code out}. */
    void find(String text, List<Span> out);
}
