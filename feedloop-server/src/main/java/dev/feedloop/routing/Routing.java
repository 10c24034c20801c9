package dev.feedloop.routing;

import dev.feedloop.triage.TriageReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing as the commands and the server use it: enqueue what the patterns need, then deliver. A
 * tracker's failure never escapes: the entries wait in the outbox for the next delivery.
 */
public final class Routing {
    private static final Logger LOG = LoggerFactory.getLogger(Routing.class);
    private final Router router;
    private final Sender sender;

    public Routing(Router router, Sender sender) {
        this.router = router;
        this.sender = sender;
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
        int enqueued = router.route(project, report);
        Sender.Report delivery;
        try {
            delivery = sender.deliver(project, false);
        } catch (RuntimeException e) {
            LOG.warn("delivering tickets of {} failed; they stay in the outbox", project, e);
            delivery = new Sender.Report(0, 0, 0, 0);
        }
        return new Result(enqueued, delivery);
    }
}
