package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.routing.webhook.WebhookTracker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook contract against a local receiver: JSON shape, Slack text, signature, failures. */
class WebhookTrackerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    VendorServer receiver;
    WebhookTracker tracker;

    @BeforeEach
    void start() throws Exception {
        receiver = new VendorServer();
        tracker = new WebhookTracker(new HttpCalls("webhook", Duration.ofMillis(500), CLOCK),
                URI.create(receiver.base() + "/hooks/feedloop"), "s3cret", CLOCK);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void create_postsSignedJsonWithASlackText() {
        Tracker.TicketRef ref = tracker.create("[prompt fix] P-1: Refunds", "the body", List.of("prompt-fix"),
                "feedloop:shop/P-1");

        VendorServer.Call call = receiver.calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/hooks/feedloop");
        assertThat(call.json().get("text").asText()).isEqualTo("Feedloop: [prompt fix] P-1: Refunds");
        assertThat(call.json().get("event").asText()).isEqualTo("ticket.created");
        assertThat(call.json().get("body").asText()).isEqualTo("the body");
        assertThat(call.headers()).containsEntry("x-feedloop-timestamp", String.valueOf(CLOCK.instant().getEpochSecond()));
        assertThat(call.headers().get("x-feedloop-signature"))
                .isEqualTo("sha256=" + WebhookTracker.sign("s3cret", String.valueOf(CLOCK.instant().getEpochSecond()), call.body()));
        assertThat(ref.key()).isEqualTo("webhook:shop/P-1");
    }

    @Test
    void commentReopenAndClose_areEvents() {
        Tracker.TicketRef ref = new Tracker.TicketRef("webhook:shop/P-1", null);
        tracker.comment(ref, "**Weekly update**: 12 of 100");
        tracker.setOpen(ref, true, "Reopened");
        tracker.setOpen(ref, false, "Resolved");

        assertThat(receiver.calls).extracting(c -> c.json().get("event").asText())
                .containsExactly("ticket.commented", "ticket.reopened", "ticket.closed");
        assertThat(receiver.calls.get(0).json().get("text").asText()).isEqualTo("Feedloop P-1: *Weekly update*: 12 of 100");
    }

    @Test
    void aRetriedDeliveryCarriesTheSameDeliveryId() {
        Tracker.TicketRef ref = new Tracker.TicketRef("webhook:shop/P-1", null);
        tracker.comment(ref, "x");
        tracker.comment(ref, "x");
        assertThat(receiver.calls.get(0).headers().get("x-feedloop-delivery"))
                .isEqualTo(receiver.calls.get(1).headers().get("x-feedloop-delivery"));
    }

    @Test
    void findFindsNothing_aWebhookCannotBeAsked() {
        assertThat(tracker.find("feedloop:shop/P-1")).isEmpty();
        assertThat(receiver.calls).isEmpty();
    }

    @Test
    void failures_401and404AreFinal_429and500AndTimeoutsAreRetried() {
        for (int status : new int[] {401, 404}) {
            receiver.failWith(status, Map.of());
            assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "feedloop:shop/P-1"))
                    .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.retryable()).isFalse());
        }
        receiver.failWith(429, Map.of("Retry-After", "30"));
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "feedloop:shop/P-1"))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        receiver.failWith(500, Map.of());
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "feedloop:shop/P-1"))
                .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.retryable()).isTrue());
        receiver.heal();
        receiver.delayMillis = 2_000;
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "feedloop:shop/P-1"))
                .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void slackText_escapesAnglesSoUserTextCannotMentionTheChannel() {
        tracker.comment(new Tracker.TicketRef("webhook:shop/P-1", null), "hi <!channel> & <@U123>");
        assertThat(receiver.calls.get(0).json().get("text").asText())
                .isEqualTo("Feedloop P-1: hi &lt;!channel&gt; &amp; &lt;@U123&gt;");
    }
}
