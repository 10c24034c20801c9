package dev.feedloop.analysis;

import dev.feedloop.store.Cause;
import java.util.Objects;

/**
 * The analyst's words about one pattern, after validation. Text only: no ids, counts or rates,
 * which always come from triage.
 *
 * @param name         a short name, at most {@value #NAME_MAX} characters
 * @param description  what goes wrong for users, at most {@value #DESCRIPTION_MAX}
 * @param cause        the likely cause
 * @param causeReason  why that cause, at most {@value #REASON_MAX}
 * @param suggestedFix a specific fix, at most {@value #FIX_MAX}
 */
public record Analysis(String name, String description, Cause cause, String causeReason, String suggestedFix) {
    public static final int NAME_MAX = 60;
    public static final int DESCRIPTION_MAX = 400;
    public static final int REASON_MAX = 300;
    public static final int FIX_MAX = 600;

    /** @throws IllegalArgumentException for a blank or over-long field */
    public Analysis {
        Objects.requireNonNull(cause, "cause");
        check("name", name, NAME_MAX);
        check("description", description, DESCRIPTION_MAX);
        check("cause_reason", causeReason, REASON_MAX);
        check("suggested_fix", suggestedFix, FIX_MAX);
    }

    static void check(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, was "
                    + value.length());
        }
    }
}
