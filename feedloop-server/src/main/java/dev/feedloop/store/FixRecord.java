package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/** A fix shipped for a pattern: when it was deployed and, optionally, the prompt version that carries it. */
public record FixRecord(String project, String fixId, String patternId, Instant deployedAt, String promptVersion,
        String note, Instant createdAt, String lastVerdict, String lastResultJson, Instant verifiedAt) {
    public FixRecord {
        Objects.requireNonNull(fixId, "fixId");
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }
}
