package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.feedloop.routing.linear.LinearTracker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Linear GraphQL contract, against a local server answering as Linear's API does. */
class LinearTrackerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<String>> issueLabels = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, String> labels = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile int failStatus;
    volatile String failBody;
    volatile String retryAfter;
    volatile long delayMillis;
    LinearTracker tracker;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/graphql", this::handle);
        server.start();
        tracker = new LinearTracker(new HttpCalls("linear", Duration.ofMillis(500), Clock.systemUTC()),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/graphql", "lin_api_test", "ENG");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
        requests.add(req);
        auth.add(ex.getRequestHeaders().getFirst("Authorization"));
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failStatus != 0) {
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            answer(ex, failStatus, failBody);
            return;
        }
        String q = req.path("query").asText();
        JsonNode v = req.path("variables");
        String data;
        if (q.contains("teams(")) {
            data = "{\"teams\":{\"nodes\":[{\"id\":\"team-1\",\"states\":{\"nodes\":[{\"id\":\"s-todo\",\"name\":\"Todo\","
                    + "\"type\":\"unstarted\",\"position\":1},{\"id\":\"s-done\",\"name\":\"Done\",\"type\":\"completed\","
                    + "\"position\":3},{\"id\":\"s-backlog\",\"name\":\"Backlog\",\"type\":\"backlog\",\"position\":0}]}}]}}";
        } else if (q.contains("issueLabels(")) {
            String id = labels.get(v.path("name").asText());
            data = "{\"issueLabels\":{\"nodes\":[" + (id == null ? "" : "{\"id\":\"" + id + "\"}") + "]}}";
        } else if (q.contains("issueLabelCreate")) {
            String id = "label-" + (labels.size() + 1);
            labels.put(v.path("input").path("name").asText(), id);
            data = "{\"issueLabelCreate\":{\"issueLabel\":{\"id\":\"" + id + "\"}}}";
        } else if (q.contains("issueCreate")) {
            String id = "issue-" + (issueLabels.size() + 1);
            List<String> ids = new ArrayList<>();
            v.path("input").path("labelIds").forEach(n -> ids.add(n.asText()));
            issueLabels.put(id, ids);
            data = "{\"issueCreate\":{\"success\":true,\"issue\":{\"id\":\"" + id + "\",\"identifier\":\"ENG-"
                    + issueLabels.size() + "\",\"url\":\"https://linear.app/acme/issue/ENG-" + issueLabels.size() + "\"}}}";
        } else if (q.contains("issues(")) {
            String labelId = labels.get(v.path("marker").asText());
            StringBuilder nodes = new StringBuilder();
            issueLabels.forEach((id, ids) -> {
                if (labelId != null && ids.contains(labelId)) {
                    nodes.append("{\"id\":\"").append(id).append("\",\"url\":\"https://linear.app/acme/issue/x\"}");
                }
            });
            data = "{\"issues\":{\"nodes\":[" + nodes + "]}}";
        } else if (q.contains("commentCreate")) {
            data = "{\"commentCreate\":{\"success\":true}}";
        } else if (q.contains("issueUpdate")) {
            data = "{\"issueUpdate\":{\"success\":true}}";
        } else {
            answer(ex, 400, "{\"errors\":[{\"message\":\"unknown query\",\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\"}}]}");
            return;
        }
        answer(ex, 200, "{\"data\":" + data + "}");
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    JsonNode last(String operation) {
        synchronized (requests) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i).path("query").asText().contains(operation)) {
                    return requests.get(i);
                }
            }
        }
        throw new AssertionError("no " + operation);
    }

    @Test
    void create_isAnIssueCreateMutation_withTheTeamAndLabelIds_andTheKeyAsAuthorization() {
        Tracker.TicketRef ref = tracker.create("[prompt fix] P-1: Refunds", "## body", List.of("feedloop",
                "feedloop:shop/P-1"), "feedloop:shop/P-1");

        JsonNode input = last("issueCreate").path("variables").path("input");
        assertThat(input.path("teamId").asText()).isEqualTo("team-1");
        assertThat(input.path("title").asText()).isEqualTo("[prompt fix] P-1: Refunds");
        assertThat(input.path("description").asText()).isEqualTo("## body");
        assertThat(input.path("labelIds").toString()).isEqualTo("[\"label-1\",\"label-2\"]");
        assertThat(auth).allMatch("lin_api_test"::equals);
        assertThat(ref).isEqualTo(new Tracker.TicketRef("issue-1", "https://linear.app/acme/issue/ENG-1"));
    }

    @Test
    void commentCloseReopenAndRelabel() {
        Tracker.TicketRef ref = tracker.create("t", "b", List.of("feedloop:shop/P-1"), "feedloop:shop/P-1");
        tracker.comment(ref, "weekly");
        JsonNode comment = last("commentCreate").path("variables").path("input");
        assertThat(comment.path("issueId").asText()).isEqualTo("issue-1");
        assertThat(comment.path("body").asText()).isEqualTo("weekly");
        tracker.setOpen(ref, false, "Resolved");
        assertThat(last("issueUpdate").path("variables").path("input").path("stateId").asText()).isEqualTo("s-done");
        tracker.setOpen(ref, true, null);
        assertThat(last("issueUpdate").path("variables").path("input").path("stateId").asText()).isEqualTo("s-todo");
        tracker.relabel(ref, "[retrieval] P-1: t", List.of("retrieval-investigation", "feedloop:shop/P-1"),
                "feedloop:shop/P-1");
        JsonNode update = last("issueUpdate").path("variables");
        assertThat(update.path("id").asText()).isEqualTo("issue-1");
        assertThat(update.path("input").path("title").asText()).isEqualTo("[retrieval] P-1: t");
        assertThat(update.path("input").path("labelIds")).hasSize(2);
    }

    @Test
    void find_filtersIssuesByTheMarkerLabel() {
        tracker.create("t", "b", List.of("feedloop:shop/P-1"), "feedloop:shop/P-1");
        assertThat(tracker.find("feedloop:shop/P-1")).hasValueSatisfying(r -> assertThat(r.key()).isEqualTo("issue-1"));
        assertThat(tracker.find("feedloop:shop/P-2")).isEmpty();
        assertThat(last("issues(").path("variables").path("marker").asText()).isEqualTo("feedloop:shop/P-2");
    }

    @Test
    void failures_authenticationAndNotFoundAreFinal_rateLimitServerErrorAndTimeoutAreRetried() {
        failStatus = 401;
        failBody = "{\"errors\":[{\"message\":\"Authentication required\",\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}]}";
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("API key");
        });
        failStatus = 200;
        failBody = "{\"data\":null,\"errors\":[{\"message\":\"Entity not found\",\"extensions\":{\"code\":\"INVALID_INPUT\"}}]}";
        assertThatThrownBy(() -> tracker.comment(new Tracker.TicketRef("issue-9", null), "x"))
                .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.retryable()).isFalse());
        failStatus = 400;
        failBody = "{\"errors\":[{\"message\":\"Rate limit exceeded\",\"extensions\":{\"code\":\"RATELIMITED\"}}]}";
        retryAfter = "60";
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        });
        retryAfter = null;
        failStatus = 500;
        failBody = "{\"errors\":[{\"message\":\"Internal\"}]}";
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.retryable()).isTrue());
        failStatus = 0;
        delayMillis = 2_000;
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.retryable()).isTrue());
    }
}
