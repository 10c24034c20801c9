package dev.feedloop.stats;

import java.util.Locale;

/** What verification concludes about a fix. */
public enum Verdict {
    /** The rate fell significantly, and by at least the configured minimum effect. */
    EFFECTIVE,
    /** The data rule out a reduction as large as the minimum effect (the pattern should reopen). */
    NOT_EFFECTIVE,
    /** Not enough data yet to tell either way. */
    INCONCLUSIVE;

    /** The name used in the verify JSON: {@code effective}, {@code not_effective}, {@code inconclusive}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
