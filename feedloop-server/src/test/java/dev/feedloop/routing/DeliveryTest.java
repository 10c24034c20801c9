package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.routing.github.GitHubTracker;
import dev.feedloop.store.Cause;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox delivered to GitHub Issues (a local server answering as GitHub does), real SQLite. */
class DeliveryTest {
    static final String P = RoutingWorld.PROJECT;
    @TempDir
    Path dir;
    RoutingWorld world;
    VendorServer github;
    GitHubTracker tracker;
    Router router;

    @BeforeEach
    void open() throws Exception {
        world = new RoutingWorld(dir);
        github = new VendorServer();
        tracker = new GitHubTracker(new HttpCalls("github", Duration.ofMillis(500), world.clock), github.base(),
                "acme/assistant", "ghp_test");
        router = world.router("github", false);
        world.pattern("P-1", Cause.PROMPT);
    }

    @AfterEach
    void close() {
        github.close();
        world.close();
    }

    Sender sender() {
        return new Sender(world.store, tracker, world.clock);
    }

    @Test
    void trackerAnswering503ForAWholeRun_leavesEverythingPending_andTheNextDeliverySendsIt() {
        world.pattern("P-2", Cause.RETRIEVAL);
        router.route(P, world.week(0, "P-1", 10, true));
        router.route(P, world.week(0, "P-2", 10, true));
        github.failWith(503, Map.of());

        Sender.Report down = sender().deliver(P, false);

        assertThat(down.retryLater()).isEqualTo(1);
        assertThat(down.sent()).isZero();
        assertThat(github.calls).hasSize(1); // the pass stops at the first sign of an outage
        assertThat(world.store.undelivered(P)).hasSize(2).allMatch(e -> e.state().equals("pending"));
        assertThat(world.store.undelivered(P).get(0).lastError()).contains("503");
        assertThat(sender().deliver(P, false).sent()).isZero(); // backing off: not due yet

        github.heal();
        world.clock.advance(Duration.ofMinutes(5));
        assertThat(sender().deliver(P, false).sent()).isEqualTo(2);
        assertThat(github.issues).hasSize(2);
        assertThat(world.store.ticket(P, "P-1").orElseThrow().url()).isEqualTo(
                "https://github.com/acme/assistant/issues/1");
    }

    @Test
    void crashBetweenTheTrackersCreateAndTheStoresCommit_createsNoDuplicate() {
        router.route(P, world.week(0, "P-1", 10, true));
        Sender crashing = new Sender(world.store, tracker, world.clock, e -> {
            throw new IllegalStateException("simulated crash");
        });
        assertThatThrownBy(() -> crashing.deliver(P, false)).hasMessage("simulated crash");
        assertThat(github.issues).hasSize(1);
        assertThat(world.store.ticket(P, "P-1").orElseThrow().key()).isNull();

        assertThat(sender().deliver(P, false).sent()).isEqualTo(1);

        assertThat(github.issues).hasSize(1);
        assertThat(github.calls("POST")).hasSize(1);
        assertThat(world.store.ticket(P, "P-1").orElseThrow().key()).isEqualTo("1");
    }

    @Test
    void secondWeeklyRun_commentsOnTheIssue_andCreatesNone() {
        router.route(P, world.week(0, "P-1", 5, true));
        sender().deliver(P, false);
        router.route(P, world.week(1, "P-1", 12, false));
        sender().deliver(P, false);

        assertThat(github.issues).hasSize(1);
        assertThat(github.comments.get(1)).singleElement().asString().contains("Weekly update", "12 of 100 responses");
    }

    @Test
    void causeOverride_reroutesTheIssueWithoutASecondOne() {
        router.route(P, world.week(0, "P-1", 5, true));
        sender().deliver(P, false);
        world.store.savePatterns(List.of(world.store.pattern(P, "P-1").orElseThrow()
                .withCauseOverride(Cause.MODEL_LIMITATION)));
        router.route(P, null);
        sender().deliver(P, false);

        assertThat(github.issues).hasSize(1);
        assertThat(github.issues.get(1).get("title").asText()).startsWith("[escalation: model limitation] P-1");
        assertThat(github.issues.get(1).get("labels").toString()).contains("escalation", "feedloop:shop/P-1");
    }

    @Test
    void ineffectiveFixReopens_andEffectiveFixClosesWithItsVerdict() {
        world.pattern("P-2", Cause.RETRIEVAL);
        router.route(P, world.week(0, "P-1", 5, true));
        router.route(P, world.week(0, "P-2", 5, true));
        sender().deliver(P, false);
        world.store.addPatternEvent(P, "P-1", world.clock.instant(), "resolved",
                "fix F-1 judged effective (before_after): rate fell from 5.0 % to 0.5 %");
        world.setStatus("P-1", PatternStatus.RESOLVED);
        world.setStatus("P-2", PatternStatus.REOPENED);
        router.route(P, null);
        sender().deliver(P, false);

        assertThat(github.issues.get(1).get("state").asText()).isEqualTo("closed");
        assertThat(github.comments.get(1)).singleElement().asString().contains("Resolved", "judged effective");
        assertThat(github.issues.get(2).get("state").asText()).isEqualTo("open");
        assertThat(github.comments.get(2)).singleElement().asString().contains("Reopened");
        assertThat(world.store.ticket(P, "P-1").orElseThrow().state()).isEqualTo("closed");
    }

    @Test
    void unauthorized_isRecordedWithItsReason_andNotRetried() {
        router.route(P, world.week(0, "P-1", 5, true));
        github.failWith(401, Map.of());

        Sender.Report report = sender().deliver(P, false);

        assertThat(report.failed()).isEqualTo(1);
        OutboxEntry entry = world.store.undelivered(P).get(0);
        assertThat(entry.state()).isEqualTo("failed");
        assertThat(entry.lastError()).contains("401", "token");
        int calls = github.calls.size();
        world.clock.advance(Duration.ofDays(1));
        sender().deliver(P, true);
        assertThat(github.calls).hasSize(calls);
    }

    @Test
    void backoff_growsAndIsCapped() {
        assertThat(Sender.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Sender.backoff(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Sender.backoff(30)).isEqualTo(Sender.MAX_DELAY);
    }

    @Test
    void aTicketOfAnotherTracker_isNotSentToThisOne_andSaysWhy() {
        world.router("local", false).route(P, world.week(0, "P-1", 5, true));
        new Sender(world.store, new LocalTracker(), world.clock).deliver(P, false);
        world.setStatus("P-1", PatternStatus.DISMISSED);
        router.route(P, null);

        assertThat(sender().deliver(P, false).failed()).isEqualTo(1);
        assertThat(world.store.undelivered(P).get(0).lastError()).contains("lives in local", "not in github");
        assertThat(github.calls).isEmpty();
    }
}
