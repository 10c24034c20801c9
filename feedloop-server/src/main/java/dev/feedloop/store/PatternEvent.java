package dev.feedloop.store;

import java.time.Instant;

/** Something that happened to a pattern: created, renamed, merged, reopened, resolved, regressed... */
public record PatternEvent(Instant at, String kind, String detail) {
}
