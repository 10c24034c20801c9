package dev.feedloop.routing;

import dev.feedloop.store.Cause;
import dev.feedloop.store.FixRecord;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.Store;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.triage.TriageReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides what each pattern's ticket needs and puts it in the outbox (PRODUCT.md part 6): a create
 * for a routed pattern without a ticket, a weekly update comment for one that has one, a reopen when
 * the pattern is reopened or regressed, a closing comment with the verdict when its fix is effective,
 * a pointer when it is merged, a closing comment when dismissed, and a relabel (same ticket) when a
 * reviewer overrides its cause. What routing last acted on is kept on the ticket row, in the same
 * transaction as the entries, so each change is enqueued once; entry keys are deterministic, so
 * routing the same run twice enqueues nothing new. Nothing here calls a tracker: {@link Sender} does.
 */
public final class Router {
    private final Store store;
    private final TicketBody body;
    private final String trackerName;
    private final boolean escalationTickets;
    private final Clock clock;

    /**
     * @param trackerName the tracker the tickets go to (recorded on new ticket rows)
     * @param escalationTickets whether a model limitation gets a ticket (labelled escalation) besides
     *     its place on the escalation list
     */
    public Router(Store store, TicketBody body, String trackerName, boolean escalationTickets, Clock clock) {
        this.store = store;
        this.body = body;
        this.trackerName = trackerName;
        this.escalationTickets = escalationTickets;
        this.clock = clock;
    }

    Store store() {
        return store;
    }

    /**
     * Enqueues what the project's patterns need after a triage run ({@code report}), or after
     * verification or a review action changed them (report null: no update comments).
     *
     * @return the number of entries added to the outbox
     */
    public int route(String project, TriageReport report) {
        Plan plan = plan(project, report);
        if (plan.isEmpty() && report == null) {
            return 0;
        }
        return store.enqueue(project, report == null ? null : report.runId(), plan.tickets(), plan.entries());
    }

    /** What {@link #route} would enqueue (and the ticket rows it would write), without writing anything. */
    public record Plan(List<TicketRecord> tickets, List<OutboxEntry> entries) {
        public boolean isEmpty() {
            return tickets.isEmpty() && entries.isEmpty();
        }
    }

    /** The plan of {@link #route}, for a dry run. */
    public Plan plan(String project, TriageReport report) {
        Instant now = clock.instant();
        Instant from = report != null ? report.from() : now.minus(Duration.ofDays(7));
        Instant to = report != null ? report.to() : now;
        Map<String, TriageReport.PatternSummary> seen = report == null ? Map.of() : report.patterns().stream()
                .collect(Collectors.toMap(TriageReport.PatternSummary::id, Function.identity(), (a, b) -> a));
        Map<String, TicketRecord> tickets = new HashMap<>();
        store.tickets(project).forEach(t -> tickets.put(t.patternId(), t));
        Map<String, PatternAnalysis> analyses = store.analyses(project);
        List<TicketRecord> rows = new ArrayList<>();
        List<OutboxEntry> entries = new ArrayList<>();
        for (PatternRecord p : store.patterns(project)) {
            String id = p.patternId();
            Cause cause = p.effectiveCause();
            Route route = Route.of(cause);
            String marker = Marker.of(project, id);
            TicketRecord t = tickets.get(id);
            TriageReport.PatternSummary summary = seen.get(id);
            if (t == null) {
                if (!route.ticketed(escalationTickets) || p.status().closed() || p.status() == PatternStatus.RESOLVED) {
                    continue;
                }
                Facts facts = Facts.of(store, project, id, from, to);
                double lift = summary != null ? summary.lift() : liftOf(p);
                PatternAnalysis analysis = analyses.get(id);
                String text = body.create(p, facts, lift, examples(p, summary, from, to), marker,
                        analysis == null ? null : analysis.suggestedFix());
                String title = body.title(route, p);
                entries.add(entry(project, id + ":create", id,
                        new Action(Action.CREATE, title, text, route.labels(marker), marker), now));
                rows.add(new TicketRecord(project, id, trackerName, null, null, "pending", cause, p.status(), title,
                        now, now));
                continue;
            }
            TicketRecord updated = t;
            String title = body.title(route, p);
            if (cause != t.routedCause()) {
                String text = "Cause changed from " + t.routedCause().wire() + " to " + cause.wire()
                        + (p.causeOverride() != null ? " by a reviewer" : "") + ": re-routed as **" + route.label()
                        + "**.\n\n" + TicketBody.suggestion(cause, id);
                entries.add(entry(project, id + ":relabel:" + cause.wire() + ":" + now.toEpochMilli(), id,
                        new Action(Action.RELABEL, title, text, route.labels(marker), marker), now));
                updated = updated.routed(cause, updated.routedStatus(), title, now);
            } else if (!title.equals(t.routedTitle())) {
                if (t.routedTitle() != null) { // a ticket routed before titles were kept just records it
                    entries.add(entry(project, id + ":retitle:" + now.toEpochMilli(), id, new Action(Action.RELABEL,
                            title, "Renamed: " + p.name() + ".", route.labels(marker), marker), now));
                }
                updated = updated.routed(cause, updated.routedStatus(), title, now);
            }
            if (p.status() != t.routedStatus()) {
                statusChange(project, p, t.routedStatus(), tickets, now).ifPresent(entries::add);
                updated = updated.routed(updated.routedCause(), p.status(), updated.routedTitle(), now);
            }
            if (summary != null && !summary.isNew() && report != null && !p.status().closed()) {
                Facts facts = Facts.of(store, project, id, from, to);
                entries.add(entry(project, id + ":update:" + report.runId(), id, new Action(Action.COMMENT, null,
                        body.update(p, facts, report.runId(), examples(p, summary, from, to)), null, marker), now));
            }
            if (updated != t) {
                rows.add(updated);
            }
        }
        return new Plan(rows, entries);
    }

    private java.util.Optional<OutboxEntry> statusChange(String project, PatternRecord p, PatternStatus before,
            Map<String, TicketRecord> tickets, Instant now) {
        String id = p.patternId();
        String marker = Marker.of(project, id);
        String why = lastEvent(project, id, p.status());
        return java.util.Optional.ofNullable(switch (p.status()) {
            // new -> open is a pattern seen again, not a reopening; open again after resolved/dismissed/merged is
            case OPEN, NEW -> before == PatternStatus.RESOLVED || before.closed() ? reopen(project, id, p, before, why,
                    marker, now) : null;
            case REOPENED, REGRESSED -> entry(project, id + ":reopen:" + p.status().wire() + ":"
                    + now.toEpochMilli(), id, new Action(Action.REOPEN, null, "Reopened: the pattern is **"
                    + p.status().wire() + "** (was " + before.wire() + ")." + (why.isEmpty() ? "" : "\n\n" + why),
                    null, marker), now);
            case RESOLVED -> {
                List<FixRecord> fixes = store.fixes(project, id);
                String fixId = fixes.isEmpty() ? "none" : fixes.get(fixes.size() - 1).fixId();
                String verdict = fixes.isEmpty() ? "" : "Verdict of fix " + fixId + ": **"
                        + fixes.get(fixes.size() - 1).lastVerdict() + "**. ";
                yield entry(project, id + ":close:resolved:" + fixId, id, new Action(Action.CLOSE, null,
                        "Resolved. " + verdict + why, null, marker), now);
            }
            case DISMISSED -> entry(project, id + ":close:dismissed:" + now.toEpochMilli(), id, new Action(Action.CLOSE,
                    null, "Dismissed by a reviewer: not a real failure. " + why, null, marker), now);
            case MERGED -> {
                TicketRecord target = tickets.get(p.mergedInto());
                String pointer = target == null || target.key() == null ? "" : " (ticket " + target.key()
                        + (target.url() == null ? "" : ", " + target.url()) + ")";
                yield entry(project, id + ":merged:" + p.mergedInto(), id, new Action(Action.CLOSE, null,
                        "Merged into pattern " + p.mergedInto() + pointer + ": follow that ticket from now on.", null,
                        marker), now);
            }
        });
    }

    private OutboxEntry reopen(String project, String id, PatternRecord p, PatternStatus before, String why,
            String marker, Instant now) {
        return entry(project, id + ":reopen:" + p.status().wire() + ":" + now.toEpochMilli(), id, new Action(
                Action.REOPEN, null, "Reopened: the pattern is **" + p.status().wire() + "** (was " + before.wire()
                + ")." + (why.isEmpty() ? "" : "\n\n" + why), null, marker), now);
    }

    private String lastEvent(String project, String id, PatternStatus status) {
        List<PatternEvent> events = store.patternEvents(project, id);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind().equals(status.wire())) {
                return events.get(i).detail() == null ? "" : events.get(i).detail();
            }
        }
        return "";
    }

    private List<String> examples(PatternRecord p, TriageReport.PatternSummary summary, Instant from, Instant to) {
        if (summary != null && !summary.requestIds().isEmpty()) {
            return summary.requestIds();
        }
        List<String> members = store.members(p.project(), p.patternId(), from, to);
        return members.isEmpty() ? store.members(p.project(), p.patternId(), Instant.EPOCH, to) : members;
    }

    private static double liftOf(PatternRecord p) {
        if (p.evidenceJson() == null) {
            return 0;
        }
        return JsonText.read(p.evidenceJson()).get("lift") instanceof Number n ? n.doubleValue() : 0;
    }

    private static OutboxEntry entry(String project, String key, String patternId, Action action, Instant now) {
        return OutboxEntry.pending(project, key, patternId, action.kind(), action.json(), now);
    }

    /** The patterns that need a human instead of a fix ticket: model limitations, open. */
    public List<PatternRecord> escalations(String project) {
        return list(project, Cause.MODEL_LIMITATION);
    }

    /** The patterns whose cause nobody knows yet: someone should read them and set it. */
    public List<PatternRecord> needsReview(String project) {
        return list(project, Cause.UNKNOWN);
    }

    private List<PatternRecord> list(String project, Cause cause) {
        return store.patterns(project).stream().filter(p -> p.effectiveCause() == cause && !p.status().closed()
                && p.status() != PatternStatus.RESOLVED).toList();
    }
}
