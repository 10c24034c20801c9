package dev.feedloop.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.triage.TriageJson;
import dev.feedloop.triage.TriageReport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing as the commands and the server use it: enqueue what the patterns need, then deliver. A
 * tracker's failure never escapes: the entries wait in the outbox for the next delivery.
 */
public final class Routing {
    private static final Logger LOG = LoggerFactory.getLogger(Routing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Router router;
    private final Sender sender;
    /** Delivers for {@link #routeSoon}: one daemon thread, gone when idle. */
    private final ThreadPoolExecutor background;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    public Routing(Router router, Sender sender) {
        this.router = router;
        this.sender = sender;
        this.background = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "feedloop-ticket-delivery");
            t.setDaemon(true);
            return t;
        });
        background.allowCoreThreadTimeOut(true);
    }

    public Router router() {
        return router;
    }

    public Sender sender() {
        return sender;
    }

    /** What one routing step did. */
    public record Result(int enqueued, Sender.Report delivery) {
    }

    /**
     * After a triage run ({@code report}) or a change of status or cause (null): enqueues and
     * delivers what is due. Never throws for the tracker: failures stay in the outbox.
     */
    public Result route(String project, TriageReport report) {
        return route(project, report, false);
    }

    /** As {@link #route(String, TriageReport)}; {@code force} delivers pending entries without waiting for their backoff. */
    public Result route(String project, TriageReport report, boolean force) {
        int enqueued = enqueue(project, report);
        return new Result(enqueued, deliver(project, force));
    }

    /**
     * Enqueues what the run (or, with null, the patterns' changes) needs, and what earlier stored runs
     * still owe, without calling the tracker.
     *
     * @return the number of entries added to the outbox
     */
    public int enqueue(String project, TriageReport report) {
        return catchUp(project, report == null ? null : report.runId()) + router.route(project, report);
    }

    /**
     * Enqueues now and delivers on a background thread, so that an HTTP answer never waits for a
     * tracker. Requests for a project already waiting for delivery are folded into that one.
     */
    public int routeSoon(String project, TriageReport report) {
        int enqueued = enqueue(project, report);
        if (waiting.add(project)) {
            background.execute(() -> {
                waiting.remove(project);
                deliver(project, false);
            });
        }
        return enqueued;
    }

    private Sender.Report deliver(String project, boolean force) {
        try {
            return sender.deliver(project, force);
        } catch (RuntimeException e) {
            LOG.warn("delivering tickets of {} failed; they stay in the outbox", project, e);
            return new Sender.Report(0, 0, 0, 0);
        }
    }

    /**
     * What routing holds for a project, as {@code feedloop route --status --json} and
     * {@code GET /v1/routing} show it: tickets, the outbox entries not sent (with attempts and the
     * last error), the escalation list and the needs-review list.
     */
    public ObjectNode status(String project) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tracker", sender.tracker().name());
        ArrayNode tickets = root.putArray("tickets");
        for (TicketRecord t : router.store().tickets(project)) {
            tickets.addObject().put("pattern_id", t.patternId()).put("tracker", t.tracker()).put("key", t.key())
                    .put("url", t.url()).put("state", t.state()).put("cause", t.routedCause().wire());
        }
        ArrayNode outbox = root.putArray("outbox");
        for (OutboxEntry e : router.store().undelivered(project)) {
            outbox.addObject().put("key", e.key()).put("pattern_id", e.patternId()).put("kind", e.kind())
                    .put("state", e.state()).put("attempts", e.attempts())
                    .put("next_attempt_at", e.nextAttemptAt().toString()).put("last_error", e.lastError());
        }
        ArrayNode esc = root.putArray("escalations");
        router.escalations(project).forEach(p -> esc.add(p.patternId()));
        ArrayNode review = root.putArray("needs_review");
        router.needsReview(project).forEach(p -> review.add(p.patternId()));
        return root;
    }

    /**
     * Routes the stored triage runs whose ticket work is still owed (the process stopped after
     * storing the run and before routing it), oldest first, except {@code skipRunId}.
     *
     * @return the number of entries added to the outbox
     */
    int catchUp(String project, String skipRunId) {
        int enqueued = 0;
        for (TriageRunRecord run : router.store().unroutedRuns(project)) {
            if (run.runId().equals(skipRunId)) {
                continue;
            }
            TriageReport owed;
            try {
                owed = TriageJson.read(run.reportJson());
            } catch (RuntimeException e) {
                LOG.warn("triage run {} of {} cannot be read back; its weekly ticket updates are skipped: {}",
                        run.runId(), project, e.getMessage());
                owed = null;
            }
            if (owed != null) {
                LOG.info("routing triage run {} of {}, stored but not routed before", run.runId(), project);
            }
            enqueued += owed == null ? router.store().enqueue(project, run.runId(), List.of(), List.of())
                    : router.route(project, owed);
        }
        return enqueued;
    }
}
