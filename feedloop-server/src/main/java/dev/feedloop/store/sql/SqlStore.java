package dev.feedloop.store.sql;

import dev.feedloop.store.FixRecord;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.Store;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.TriageRunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a {@link Store} that both databases implement with the same SQL: tickets, the ticket
 * outbox, fixes, pattern events and the analyst's analyses. The SQLite and PostgreSQL stores extend it with their dialect and implement the
 * rest (capture, triage reads, patterns, keys, retention), where their SQL differs.
 */
public abstract class SqlStore implements Store {
    private final SqlTickets tickets;
    private final SqlFixes fixes;
    private final SqlPatternHistory history;

    protected SqlStore(SqlDialect dialect) {
        this.tickets = new SqlTickets(dialect);
        this.fixes = new SqlFixes(dialect);
        this.history = new SqlPatternHistory(dialect);
    }

    @Override
    public final void addPatternEvent(String project, String patternId, Instant at, String kind, String detail,
            String actor) {
        history.addPatternEvent(project, patternId, at, kind, detail, actor);
    }

    @Override
    public final List<PatternEvent> patternEvents(String project, String patternId) {
        return history.patternEvents(project, patternId);
    }

    @Override
    public final Map<String, PatternAnalysis> analyses(String project) {
        return history.analyses(project);
    }

    @Override
    public final void saveAnalyses(List<PatternAnalysis> analyses) {
        history.saveAnalyses(analyses);
    }

    @Override
    public final void saveFix(FixRecord fix) {
        fixes.saveFix(fix);
    }

    @Override
    public final List<FixRecord> fixes(String project, String patternId) {
        return fixes.fixes(project, patternId);
    }

    @Override
    public final Optional<TicketRecord> ticket(String project, String patternId) {
        return tickets.ticket(project, patternId);
    }

    @Override
    public final List<TicketRecord> tickets(String project) {
        return tickets.tickets(project);
    }

    @Override
    public final int enqueue(String project, String routedRunId, List<TicketRecord> ticketRows,
            List<OutboxEntry> entries) {
        return tickets.enqueue(project, routedRunId, ticketRows, entries);
    }

    @Override
    public final List<TriageRunRecord> unroutedRuns(String project) {
        return tickets.unroutedRuns(project);
    }

    @Override
    public final List<OutboxEntry> dueOutbox(String project, Instant now) {
        return tickets.dueOutbox(project, now);
    }

    @Override
    public final List<OutboxEntry> undelivered(String project) {
        return tickets.undelivered(project);
    }

    @Override
    public final void delivered(OutboxEntry entry, TicketRecord ticket, Instant at) {
        tickets.delivered(entry, ticket, at);
    }

    @Override
    public final void deliveryFailed(OutboxEntry entry, int attempts, Instant nextAttemptAt, String error,
            boolean giveUp) {
        tickets.deliveryFailed(entry, attempts, nextAttemptAt, error, giveUp);
    }
}
