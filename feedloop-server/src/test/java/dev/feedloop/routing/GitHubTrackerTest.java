package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.routing.github.GitHubTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub Issues contract, against a local server answering as GitHub's REST API does. */
class GitHubTrackerTest {
    VendorServer github;
    GitHubTracker tracker;

    @BeforeEach
    void start() throws Exception {
        github = new VendorServer();
        tracker = new GitHubTracker(new HttpCalls("github", Duration.ofMillis(500), Clock.systemUTC()), github.base(),
                "acme/assistant", "ghp_test");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void create_postsTitleBodyAndLabelsToTheRepositoryIssues_withTheBearerToken() {
        Tracker.TicketRef ref = tracker.create("[prompt fix] P-1: Refunds", "body", List.of("feedloop", "prompt-fix",
                "feedloop:shop/P-1"), "feedloop:shop/P-1");

        VendorServer.Call call = github.calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/repos/acme/assistant/issues");
        assertThat(call.headers()).containsEntry("authorization", "Bearer ghp_test")
                .containsEntry("accept", "application/vnd.github+json").containsEntry("x-github-api-version", "2022-11-28");
        assertThat(call.json().get("title").asText()).isEqualTo("[prompt fix] P-1: Refunds");
        assertThat(call.json().get("body").asText()).isEqualTo("body");
        assertThat(call.json().get("labels").toString()).contains("feedloop:shop/P-1");
        assertThat(ref).isEqualTo(new Tracker.TicketRef("1", "https://github.com/acme/assistant/issues/1"));
    }

    @Test
    void comment_postsToTheIssueComments() {
        Tracker.TicketRef ref = tracker.create("t", "b", List.of("m"), "m");
        tracker.comment(ref, "weekly update");

        VendorServer.Call call = github.calls.get(1);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/repos/acme/assistant/issues/1/comments");
        assertThat(call.json().get("body").asText()).isEqualTo("weekly update");
    }

    @Test
    void closeAndReopen_commentThenPatchTheIssueState() {
        Tracker.TicketRef ref = tracker.create("t", "b", List.of("m"), "m");
        tracker.setOpen(ref, false, "fix judged effective");
        assertThat(github.issues.get(1).get("state").asText()).isEqualTo("closed");
        VendorServer.Call close = github.calls("PATCH").get(0);
        assertThat(close.path()).isEqualTo("/repos/acme/assistant/issues/1");
        assertThat(close.json().get("state").asText()).isEqualTo("closed");
        assertThat(close.json().get("state_reason").asText()).isEqualTo("completed");
        assertThat(github.comments.get(1)).containsExactly("fix judged effective");

        tracker.setOpen(ref, true, "reopened: not effective");
        assertThat(github.calls("PATCH").get(1).json().get("state").asText()).isEqualTo("open");
        assertThat(github.issues.get(1).get("state").asText()).isEqualTo("open");
    }

    @Test
    void relabel_patchesTitleAndLabelsOfTheSameIssue() {
        Tracker.TicketRef ref = tracker.create("[prompt fix] P-1: x", "b", List.of("prompt-fix", "m"), "m");
        tracker.relabel(ref, "[retrieval] P-1: x", List.of("retrieval-investigation", "m"), "m");

        VendorServer.Call patch = github.calls("PATCH").get(0);
        assertThat(patch.json().get("title").asText()).isEqualTo("[retrieval] P-1: x");
        assertThat(patch.json().get("labels").toString()).contains("retrieval-investigation").doesNotContain("prompt-fix");
        assertThat(github.issues).hasSize(1);
    }

    @Test
    void find_looksTheIssueUpByItsMarkerLabel() {
        tracker.create("other", "b", List.of("feedloop:shop/P-2"), "feedloop:shop/P-2");
        tracker.create("mine", "b", List.of("feedloop:shop/P-1"), "feedloop:shop/P-1");

        assertThat(tracker.find("feedloop:shop/P-1")).hasValue(new Tracker.TicketRef("2",
                "https://github.com/acme/assistant/issues/2"));
        assertThat(tracker.find("feedloop:shop/P-9")).isEmpty();
        VendorServer.Call get = github.calls("GET").get(0);
        assertThat(get.path()).isEqualTo("/repos/acme/assistant/issues");
        assertThat(get.query()).contains("labels=feedloop%3Ashop%2FP-1", "state=all");
    }

    @Test
    void unauthorized_isReportedAndNotRetried() {
        github.failWith(401, Map.of());
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "m")).isInstanceOfSatisfying(
                TrackerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("401", "token");
                });
    }

    @Test
    void notFound_isReportedAndNotRetried() {
        github.failWith(404, Map.of());
        assertThatThrownBy(() -> tracker.comment(new Tracker.TicketRef("7", null), "x")).isInstanceOfSatisfying(
                TrackerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("404", "no such repository");
                });
    }

    @Test
    void tooManyRequests_isRetriedAfterTheTrackersRetryAfter() {
        github.failWith(429, Map.of("Retry-After", "120"));
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        });
    }

    @Test
    void forbiddenWithNoRequestsLeft_isARateLimitAndRetried() {
        github.failWith(403, Map.of("x-ratelimit-remaining", "0"));
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void serverError_isRetried() {
        github.failWith(500, Map.of());
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "m")).isInstanceOfSatisfying(
                TrackerException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void timeout_isRetried() {
        github.delayMillis = 2_000;
        long started = System.nanoTime();
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "m")).isInstanceOfSatisfying(
                TrackerException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("did not answer");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_800));
    }
}
