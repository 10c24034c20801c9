package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A failure pattern as stored: identity, human edits, description, and the vectors new negatives
 * are matched against.
 */
public record PatternRecord(String project, String patternId, String name, boolean nameLocked, String description,
        List<String> keywords, String cause, double causeConfidence, String causeOverride, String evidenceJson,
        String status, String mergedInto, boolean manual, String model, float[] centroid, List<float[]> exemplars,
        long memberCount, Instant firstSeen, Instant lastSeen) {
    public PatternRecord {
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(status, "status");
        keywords = List.copyOf(keywords);
        exemplars = List.copyOf(exemplars);
    }

    /** The cause a reader should see: a human override wins over the computed one. */
    public String effectiveCause() {
        return causeOverride != null ? causeOverride : cause;
    }

    public PatternRecord withStatus(String newStatus) {
        return new PatternRecord(project, patternId, name, nameLocked, description, keywords, cause, causeConfidence,
                causeOverride, evidenceJson, newStatus, mergedInto, manual, model, centroid, exemplars, memberCount,
                firstSeen, lastSeen);
    }
}
