package dev.feedloop.store;

import java.util.Locale;

/**
 * Where a pattern is in its life: found ({@code NEW}), seen again ({@code OPEN}), fixed and verified
 * ({@code RESOLVED}), back after a fix that did not work ({@code REOPENED}) or that stopped working
 * ({@code REGRESSED}), judged not a real failure by a reviewer ({@code DISMISSED}), or folded into
 * another pattern ({@code MERGED}).
 */
public enum PatternStatus {
    NEW, OPEN, RESOLVED, REOPENED, REGRESSED, DISMISSED, MERGED;

    /** The name in JSON, the database and the command line: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the pattern is closed to new work: its negatives are reported elsewhere or not at all. */
    public boolean closed() {
        return this == DISMISSED || this == MERGED;
    }

    /** @throws IllegalArgumentException for a name that is not a status */
    public static PatternStatus fromWire(String value) {
        for (PatternStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown pattern status '" + value + "'");
    }

    @Override
    public String toString() {
        return wire();
    }
}
