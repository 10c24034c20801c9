package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.store.Cause;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.TicketRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing by cause into the outbox, with tickets kept in the store (no tracker configured). */
class RouterTest {
    @TempDir
    Path dir;
    RoutingWorld world;

    @BeforeEach
    void open() {
        world = new RoutingWorld(dir);
    }

    @AfterEach
    void close() {
        world.close();
    }

    List<String> kinds() {
        return world.store.undelivered(RoutingWorld.PROJECT).stream().map(OutboxEntry::kind).toList();
    }

    @Test
    void promptPattern_getsOneCreate_andRoutingTheSameRunAgainEnqueuesNothing() {
        world.pattern("P-1", Cause.PROMPT);
        var report = world.week(0, "P-1", 10, true);
        Router router = world.router("local", false);

        assertThat(router.route(RoutingWorld.PROJECT, report)).isEqualTo(1);
        assertThat(router.route(RoutingWorld.PROJECT, report)).isZero();

        assertThat(kinds()).containsExactly("create");
        Action create = Action.parse(world.store.undelivered(RoutingWorld.PROJECT).get(0).payload());
        assertThat(create.title()).startsWith("[prompt fix] P-1");
        assertThat(create.labels()).contains("prompt-fix", "feedloop:shop/P-1");
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").orElseThrow().state()).isEqualTo("pending");
    }

    @Test
    void retrievalPattern_isARetrievalInvestigation() {
        world.pattern("P-1", Cause.RETRIEVAL);
        world.router("local", false).route(RoutingWorld.PROJECT, world.week(0, "P-1", 10, true));

        Action create = Action.parse(world.store.undelivered(RoutingWorld.PROJECT).get(0).payload());
        assertThat(create.labels()).contains("retrieval-investigation");
        assertThat(create.text()).contains("Investigate retrieval");
    }

    @Test
    void modelLimitation_goesToTheEscalationListWithoutATicket_unlessTicketsAreAskedFor() {
        world.pattern("P-1", Cause.MODEL_LIMITATION);
        world.pattern("P-2", Cause.UNKNOWN);
        var report = world.week(0, "P-1", 10, true);

        Router router = world.router("local", false);
        assertThat(router.route(RoutingWorld.PROJECT, report)).isZero();
        assertThat(router.escalations(RoutingWorld.PROJECT)).extracting(p -> p.patternId()).containsExactly("P-1");
        assertThat(router.needsReview(RoutingWorld.PROJECT)).extracting(p -> p.patternId()).containsExactly("P-2");

        world.router("local", true).route(RoutingWorld.PROJECT, report);
        Action create = Action.parse(world.store.undelivered(RoutingWorld.PROJECT).get(0).payload());
        assertThat(create.labels()).contains("escalation");
    }

    @Test
    void secondRun_commentsOnTheTicket_andCreatesNone() {
        world.pattern("P-1", Cause.PROMPT);
        Router router = world.router("local", false);
        router.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        Sender sender = new Sender(world.store, new LocalTracker(), world.clock);
        assertThat(sender.deliver(RoutingWorld.PROJECT, false).sent()).isEqualTo(1);

        router.route(RoutingWorld.PROJECT, world.week(1, "P-1", 12, false));

        List<OutboxEntry> pending = world.store.undelivered(RoutingWorld.PROJECT);
        assertThat(pending).extracting(OutboxEntry::kind).containsExactly("comment");
        String comment = Action.parse(pending.get(0).payload()).text();
        assertThat(comment).contains("12 of 100 responses (12.00 %)", "trend rising", "5.00 %");
        assertThat(sender.deliver(RoutingWorld.PROJECT, false).sent()).isEqualTo(1);
        assertThat(world.store.tickets(RoutingWorld.PROJECT)).hasSize(1);
    }

    @Test
    void causeOverride_reroutesTheSameTicketByItsLabels() {
        world.pattern("P-1", Cause.PROMPT);
        Router router = world.router("local", false);
        router.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        world.store.savePatterns(List.of(world.store.pattern(RoutingWorld.PROJECT, "P-1").orElseThrow()
                .withCauseOverride(Cause.RETRIEVAL)));

        router.route(RoutingWorld.PROJECT, null);
        router.route(RoutingWorld.PROJECT, null);

        assertThat(kinds()).containsExactly("create", "relabel");
        Action relabel = Action.parse(world.store.undelivered(RoutingWorld.PROJECT).get(1).payload());
        assertThat(relabel.title()).startsWith("[retrieval] P-1");
        assertThat(relabel.labels()).contains("retrieval-investigation").doesNotContain("prompt-fix");
        assertThat(world.store.tickets(RoutingWorld.PROJECT)).hasSize(1);
    }

    @Test
    void statusChanges_reopenOrCloseTheTicketOnce() {
        world.pattern("P-1", Cause.PROMPT);
        Router router = world.router("local", false);
        router.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        Sender sender = new Sender(world.store, new LocalTracker(), world.clock);
        sender.deliver(RoutingWorld.PROJECT, false);

        world.setStatus("P-1", PatternStatus.RESOLVED);
        router.route(RoutingWorld.PROJECT, null);
        sender.deliver(RoutingWorld.PROJECT, false);
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").map(TicketRecord::state)).hasValue("closed");

        world.setStatus("P-1", PatternStatus.REOPENED);
        router.route(RoutingWorld.PROJECT, null);
        assertThat(router.route(RoutingWorld.PROJECT, null)).isZero();
        assertThat(kinds()).containsExactly("reopen");
        sender.deliver(RoutingWorld.PROJECT, false);
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").map(TicketRecord::state)).hasValue("open");
    }

    @Test
    void ticketBody_isRedacted_andCarriesExamplesEditsAndTheFixCommand() {
        world.pattern("P-1", Cause.PROMPT);
        world.router("local", false).route(RoutingWorld.PROJECT, world.week(0, "P-1", 10, true));

        String body = Action.parse(world.store.undelivered(RoutingWorld.PROJECT).get(0).payload()).text();
        assertThat(body).doesNotContain("ann@example.com")
                .contains("## Examples (redacted)", "The user's edit:", "Refunds take 14 days.", "edited",
                        "feedloop fix add --project shop --pattern P-1", "https://feedloop.example.com/v1/patterns/P-1",
                        "<!-- feedloop-marker: feedloop:shop/P-1 -->", "Lift: 3.5x", "````\nRefunds take ```30``` days.");
        assertThat(body.split("### ", -1)).hasSize(1 + TicketBody.EXAMPLES);
    }

    @Test
    void newBecomingOpen_isNoReopening_theWeeklyCommentSays_itIsSeenAgain() {
        world.pattern("P-1", Cause.PROMPT);
        Router router = world.router("local", false);
        router.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        new Sender(world.store, new LocalTracker(), world.clock).deliver(RoutingWorld.PROJECT, false);
        world.setStatus("P-1", PatternStatus.OPEN);

        router.route(RoutingWorld.PROJECT, world.week(1, "P-1", 6, false));

        assertThat(kinds()).containsExactly("comment");
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").orElseThrow().routedStatus())
                .isEqualTo(PatternStatus.OPEN);
    }

    @Test
    void aRunStoredButNotRouted_isRoutedByTheNextPass_once() {
        world.pattern("P-1", Cause.PROMPT);
        Routing routing = world.routing();
        routing.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        assertThat(world.store.ticket(RoutingWorld.PROJECT, "P-1").orElseThrow().key()).isNotNull();

        world.week(1, "P-1", 12, false); // stored; the process stops before routing it
        assertThat(world.store.unroutedRuns(RoutingWorld.PROJECT)).extracting(r -> r.runId())
                .containsExactly("run-1-P-1");

        Routing.Result next = routing.route(RoutingWorld.PROJECT, null);

        assertThat(next.enqueued()).isEqualTo(1);
        assertThat(next.delivery().sent()).isEqualTo(1);
        assertThat(world.store.unroutedRuns(RoutingWorld.PROJECT)).isEmpty();
        assertThat(routing.route(RoutingWorld.PROJECT, null).enqueued()).isZero();
        assertThat(world.store.undelivered(RoutingWorld.PROJECT)).isEmpty();
    }

    @Test
    void aRoutedRun_isMarkedInTheSameStepAsItsEntries_evenWhenItNeedsNone() {
        world.pattern("P-1", Cause.MODEL_LIMITATION); // no ticket: nothing to enqueue
        var report = world.week(0, "P-1", 5, true);

        world.routing().route(RoutingWorld.PROJECT, report);

        assertThat(world.store.unroutedRuns(RoutingWorld.PROJECT)).isEmpty();
        assertThat(world.store.undelivered(RoutingWorld.PROJECT)).isEmpty();
    }

    @Test
    void renamingAPattern_retitlesItsTicketOnce() {
        world.pattern("P-1", Cause.PROMPT);
        Routing routing = world.routing();
        routing.route(RoutingWorld.PROJECT, world.week(0, "P-1", 5, true));
        world.store.savePatterns(List.of(world.store.pattern(RoutingWorld.PROJECT, "P-1").orElseThrow()
                .withName("Refund deadlines quoted wrong", true)));

        assertThat(routing.route(RoutingWorld.PROJECT, null).enqueued()).isEqualTo(1);
        assertThat(routing.route(RoutingWorld.PROJECT, null).enqueued()).isZero();

        TicketRecord t = world.store.ticket(RoutingWorld.PROJECT, "P-1").orElseThrow();
        assertThat(t.routedTitle()).isEqualTo("[prompt fix] P-1: Refund deadlines quoted wrong");
        assertThat(t.routedCause()).isEqualTo(Cause.PROMPT);
        assertThat(world.store.undelivered(RoutingWorld.PROJECT)).isEmpty();
    }
}
