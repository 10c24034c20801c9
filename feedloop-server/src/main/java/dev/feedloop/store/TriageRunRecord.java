package dev.feedloop.store;

import java.time.Instant;

/** One stored triage run; {@code reportJson} is the run's docs/json.md JSON. */
public record TriageRunRecord(String project, String runId, Instant from, Instant to, Instant startedAt,
        Instant finishedAt, long negatives, String reportJson) {
}
