package dev.feedloop.store;

import java.time.Instant;

/** One negative's place after a triage run: its pattern, or null when it belongs to none. */
public record Assignment(String requestId, Instant timestamp, String patternId, Double similarity) {
}
