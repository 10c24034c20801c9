package dev.feedloop.triage.redact;

/** A detected item: characters {@code [start, end)} of the scanned text are of this kind. */
record Span(int start, int end, PiiKind kind) {
    Span {
        if (start < 0 || end <= start || kind == null) {
            throw new IllegalArgumentException("invalid span [" + start + ", " + end + ") " + kind);
        }
    }

    int length() {
        return end - start;
    }
}
