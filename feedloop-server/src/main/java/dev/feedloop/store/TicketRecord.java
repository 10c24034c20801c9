package dev.feedloop.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A pattern's ticket: where it lives ({@code tracker}: github, jira, linear, webhook, local) and, once the tracker
 * answered, its key and URL. {@code state} is pending (creation enqueued), open or closed.
 * {@code routedCause}, {@code routedStatus} and {@code routedTitle} are what routing last acted on
 * ({@code routedTitle} is null on tickets routed before titles were tracked).
 */
public record TicketRecord(String project, String patternId, String tracker, String key, String url, String state,
        Cause routedCause, PatternStatus routedStatus, String routedTitle, Instant createdAt, Instant updatedAt) {
    public TicketRecord {
        Objects.requireNonNull(patternId, "patternId");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(routedCause, "routedCause");
        Objects.requireNonNull(routedStatus, "routedStatus");
    }

    /** The ticket as routing now sees it (cause, status and title acted on). */
    public TicketRecord routed(Cause cause, PatternStatus status, String title, Instant at) {
        return new TicketRecord(project, patternId, tracker, key, url, state, cause, status, title, createdAt, at);
    }

    /** The ticket as the tracker answered: its key, URL and state. */
    public TicketRecord delivered(String newTracker, String newKey, String newUrl, String newState, Instant at) {
        return new TicketRecord(project, patternId, newTracker, newKey, newUrl, newState, routedCause, routedStatus,
                routedTitle, createdAt, at);
    }
}
