package dev.feedloop.triage.redact;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The result of {@link Redactor#redactWithReport(String)}: the redacted text and how many
 * items of each kind were replaced.
 *
 * @param text   the redacted text; {@code null} only when the input was {@code null}
 * @param counts replacements per kind; kinds with no replacement are absent
 */
public record Redaction(String text, Map<PiiKind, Integer> counts) {

    /** @throws IllegalArgumentException if counts is null or holds a null or non-positive count */
    public Redaction {
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
        EnumMap<PiiKind, Integer> copy = new EnumMap<>(PiiKind.class);
        for (Map.Entry<PiiKind, Integer> e : counts.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() <= 0) {
                throw new IllegalArgumentException("invalid count entry: " + e);
            }
            copy.put(e.getKey(), e.getValue());
        }
        counts = Collections.unmodifiableMap(copy);
    }

    /** How many items of this kind were replaced (0 when none). */
    public int count(PiiKind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** How many items were replaced in total. */
    public int total() {
        int sum = 0;
        for (int c : counts.values()) {
            sum += c;
        }
        return sum;
    }

    /** Whether anything was replaced. */
    public boolean changed() {
        return !counts.isEmpty();
    }
}
