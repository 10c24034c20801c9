package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The LLM analyst's last answer for a pattern: a name, what goes wrong for users, the cause it
 * judged with its reason, and a suggested fix. The words are the model's (validated); the counts,
 * ids and the cause of record are Feedloop's. {@code centroid} and {@code memberCount} are the
 * pattern's when it was analysed, to tell whether it changed enough to ask again.
 */
public record PatternAnalysis(String project, String patternId, String provider, String model, String name,
        String description, Cause cause, String causeReason, String suggestedFix, float[] centroid, long memberCount,
        Instant analysedAt) {
    public PatternAnalysis {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(causeReason, "causeReason");
        Objects.requireNonNull(suggestedFix, "suggestedFix");
        Objects.requireNonNull(centroid, "centroid");
        Objects.requireNonNull(analysedAt, "analysedAt");
    }
}
