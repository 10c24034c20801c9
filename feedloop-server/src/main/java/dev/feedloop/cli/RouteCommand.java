package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.routing.Action;
import dev.feedloop.routing.Router;
import dev.feedloop.routing.Routing;
import dev.feedloop.routing.Sender;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.TicketRecord;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Routes patterns to tickets by hand: enqueue what they need, deliver the outbox, or show it. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = {"Route failure patterns to tickets and deliver the ticket outbox now.",
            "Prompt causes get a prompt-fix ticket, retrieval causes a retrieval ticket; model limitations go",
            "to the escalation list and unknown causes to the needs-review list. The tracker is FEEDLOOP_TRACKER",
            "(README, Tickets); without one, tickets live in the database.",
            "Examples:  feedloop route",
            "           feedloop route --dry-run     (what would be sent; changes nothing)",
            "           feedloop route --status      (tickets, what is pending and why, the two lists)"})
final class RouteCommand extends ProjectCommand {
    @Option(names = "--dry-run", description = "Print what would be enqueued, and each request the next delivery would send"
            + " (credentials masked); change nothing, call no tracker.")
    boolean dryRun;

    @Option(names = "--status", description = "Print tickets, the outbox (pending and failed, with the last error) and"
            + " the escalation and needs-review lists.")
    boolean status;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        PrintWriter out = out();
        String project = project();
        try (Feedloop feedloop = db.open()) {
            Routing routing = feedloop.routing();
            String tracker = routing.sender().tracker().name();
            if (status) {
                if (!json.write(out, () -> routing.status(project))) {
                    printStatus(out, feedloop, routing, project, tracker);
                }
                return 0;
            }
            if (dryRun) {
                Router.Plan plan = routing.router().plan(project, null);
                List<OutboxEntry> pending = feedloop.store().undelivered(project);
                out.printf("tracker: %s (dry run: nothing is enqueued or sent)%n", tracker);
                out.printf("would enqueue %d:%n", plan.entries().size());
                plan.entries().forEach(e -> out.println("  " + describe(e)));
                out.printf("already in the outbox %d:%n", pending.size());
                pending.forEach(e -> out.println("  " + describe(e) + state(e)));
                List<OutboxEntry> due = new java.util.ArrayList<>(pending.stream()
                        .filter(e -> e.state().equals("pending")).toList());
                due.addAll(plan.entries());
                if (tracker.equals("local")) {
                    out.println("no tracker is configured: tickets live in the database, no request is sent");
                } else if (!due.isEmpty()) {
                    out.println("requests the next delivery would send (credentials masked):");
                    feedloop.rehearsal(line -> out.println("  " + line.replace("\n", "\n  ")))
                            .rehearse(due, line -> out.println("  " + line));
                }
                return 0;
            }
            Routing.Result result = routing.route(project, null, true);
            int enqueued = result.enqueued();
            Sender.Report r = result.delivery();
            out.printf("tracker %s: %d enqueued, %d sent, %d to retry later, %d failed, %d waiting for their ticket%n",
                    tracker, enqueued, r.sent(), r.retryLater(), r.failed(), r.waiting());
            if (r.retryLater() > 0 || r.failed() > 0) {
                out.println("see why: feedloop route --status");
            }
        }
        return 0;
    }

    private static String describe(OutboxEntry e) {
        Action a = Action.parse(e.payload());
        String what = a.title() != null ? a.title() : firstLine(a.text());
        return String.format("%-8s %-5s %s", e.kind(), e.patternId(), Reports.clip(what, 90));
    }

    private static String state(OutboxEntry e) {
        if (e.state().equals("failed")) {
            return "  [failed, not retried: " + e.lastError() + "]";
        }
        return e.attempts() == 0 ? "" : "  [attempt " + e.attempts() + " failed: " + e.lastError() + "; next at "
                + e.nextAttemptAt() + "]";
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("").replace("*", "");
    }

    private static void printStatus(PrintWriter out, Feedloop feedloop, Routing routing, String project,
            String tracker) {
        out.println("tracker: " + tracker);
        List<TicketRecord> tickets = feedloop.store().tickets(project);
        out.println("tickets (" + tickets.size() + "):");
        for (TicketRecord t : tickets) {
            out.printf("  %-5s %-8s %-8s %-18s %s%n", t.patternId(), t.tracker(), t.state(), t.routedCause().wire(),
                    t.key() == null ? "(not created yet)" : t.key() + (t.url() == null ? "" : "  " + t.url()));
        }
        List<OutboxEntry> pending = feedloop.store().undelivered(project);
        out.println("outbox (" + pending.size() + " not sent):");
        pending.forEach(e -> out.println("  " + describe(e) + state(e)));
        list(out, "escalation list (model limitations: need a human)", routing.router().escalations(project));
        list(out, "needs review (cause unknown: set it with feedloop patterns cause ID CAUSE)",
                routing.router().needsReview(project));
    }

    private static void list(PrintWriter out, String title, List<PatternRecord> patterns) {
        out.println(title + ": " + (patterns.isEmpty() ? "none" : ""));
        patterns.forEach(p -> out.printf("  %-5s %s%n", p.patternId(), Reports.clip(p.name(), 80)));
    }
}
