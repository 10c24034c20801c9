package dev.feedloop.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tickets of patterns and the outbox of tracker calls that routing intends (PRODUCT.md part 6). */
public interface TicketStore {

    Optional<TicketRecord> ticket(String project, String patternId);

    /** Every ticket of a project, by pattern id. */
    List<TicketRecord> tickets(String project);

    /**
     * In one transaction: creates or replaces the given ticket rows, adds the entries whose key is
     * new (an entry whose key exists is left as it is) and, when {@code routedRunId} is not null,
     * marks that triage run of the project as routed.
     *
     * @return the number of entries added
     */
    int enqueue(String project, String routedRunId, List<TicketRecord> tickets, List<OutboxEntry> entries);

    /**
     * The project's stored triage runs whose ticket work is still owed (stored, not yet routed: the
     * process stopped between the two), oldest first.
     */
    List<TriageRunRecord> unroutedRuns(String project);

    /** Pending entries due at {@code now} (every pending one when null), oldest first. */
    List<OutboxEntry> dueOutbox(String project, Instant now);

    /** Entries not sent yet: pending and failed, oldest first. */
    List<OutboxEntry> undelivered(String project);

    /** In one transaction: marks the entry sent and stores the ticket as the tracker answered. */
    void delivered(OutboxEntry entry, TicketRecord ticket, Instant at);

    /**
     * Records a failed attempt: pending again at {@code nextAttemptAt}, or failed for good when
     * {@code giveUp}.
     */
    void deliveryFailed(OutboxEntry entry, int attempts, Instant nextAttemptAt, String error, boolean giveUp);
}
