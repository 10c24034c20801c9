package dev.feedloop.store;

import java.time.Instant;

/**
 * Something that happened to a pattern: created, renamed, merged, reopened, resolved, regressed...
 *
 * @param actor who did it: an API key's id, a command-line user; null when Feedloop did (triage, verification)
 */
public record PatternEvent(Instant at, String kind, String detail, String actor) {
    /** An event Feedloop caused itself. */
    public PatternEvent(Instant at, String kind, String detail) {
        this(at, kind, detail, null);
    }
}
