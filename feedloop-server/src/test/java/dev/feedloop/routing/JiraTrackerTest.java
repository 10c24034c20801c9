package dev.feedloop.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.feedloop.routing.jira.JiraTracker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jira Cloud REST v3 contract, against a local server answering as Jira's documented API does. */
class JiraTrackerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final List<String[]> calls = Collections.synchronizedList(new ArrayList<>()); // method, path, auth, body
    final Map<String, List<String>> labels = Collections.synchronizedMap(new LinkedHashMap<>());
    volatile int failStatus;
    volatile String failRetryAfter;
    volatile long delayMillis;
    JiraTracker tracker;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        tracker = new JiraTracker(new HttpCalls("jira", Duration.ofMillis(500), Clock.systemUTC()),
                "http://127.0.0.1:" + server.getAddress().getPort(), "bot@acme.test", "tok", "LLM", "Task", "Done",
                "To Do");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        calls.add(new String[] {method, path, ex.getRequestHeaders().getFirst("Authorization"), body});
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failStatus != 0) {
            if (failRetryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", failRetryAfter);
            }
            answer(ex, failStatus, "{\"errorMessages\":[\"failing on purpose\"]}");
            return;
        }
        if (method.equals("POST") && path.equals("/rest/api/3/issue")) {
            String key = "LLM-" + (labels.size() + 1);
            List<String> l = new ArrayList<>();
            JSON.readTree(body).path("fields").path("labels").forEach(n -> l.add(n.asText()));
            labels.put(key, l);
            answer(ex, 201, "{\"id\":\"1000" + labels.size() + "\",\"key\":\"" + key + "\",\"self\":\"x\"}");
        } else if (method.equals("POST") && path.equals("/rest/api/3/search/jql")) {
            String jql = JSON.readTree(body).path("jql").asText();
            StringBuilder issues = new StringBuilder();
            labels.forEach((key, l) -> l.forEach(label -> {
                if (jql.contains("labels = \"" + label + "\"") && label.startsWith("feedloop:")) {
                    issues.append(issues.length() == 0 ? "" : ",").append("{\"key\":\"").append(key).append("\"}");
                }
            }));
            answer(ex, 200, "{\"issues\":[" + issues + "]}");
        } else if (method.equals("POST") && path.endsWith("/comment")) {
            answer(ex, 201, "{\"id\":\"1\"}");
        } else if (method.equals("GET") && path.endsWith("/transitions")) {
            answer(ex, 200, "{\"transitions\":[{\"id\":\"11\",\"name\":\"To Do\",\"to\":{\"name\":\"To Do\"}},"
                    + "{\"id\":\"31\",\"name\":\"Done\",\"to\":{\"name\":\"Done\"}}]}");
        } else if (method.equals("POST") && path.endsWith("/transitions")) {
            answer(ex, 204, "");
        } else if (method.equals("PUT") && path.startsWith("/rest/api/3/issue/")) {
            answer(ex, 204, "");
        } else {
            answer(ex, 404, "{\"errorMessages\":[\"Issue does not exist\"]}");
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    JsonNode body(int i) throws IOException {
        return JSON.readTree(calls.get(i)[3]);
    }

    @Test
    void create_postsAnIssueWithAnAdfDescription_withBasicAuth() throws Exception {
        Tracker.TicketRef ref = tracker.create("[prompt fix] P-1: Refunds", "## How often\n\n12 of 100\n\n```\ncode\n```\n"
                + "<!-- feedloop-marker: feedloop:shop/P-1 -->\n", List.of("feedloop", "prompt-fix", "feedloop:shop/P-1"),
                "feedloop:shop/P-1");

        String[] call = calls.get(0);
        assertThat(call[0]).isEqualTo("POST");
        assertThat(call[1]).isEqualTo("/rest/api/3/issue");
        assertThat(call[2]).isEqualTo("Basic " + Base64.getEncoder().encodeToString("bot@acme.test:tok"
                .getBytes(StandardCharsets.UTF_8)));
        JsonNode fields = body(0).get("fields");
        assertThat(fields.get("project").get("key").asText()).isEqualTo("LLM");
        assertThat(fields.get("issuetype").get("name").asText()).isEqualTo("Task");
        assertThat(fields.get("summary").asText()).isEqualTo("[prompt fix] P-1: Refunds");
        JsonNode doc = fields.get("description");
        assertThat(doc.get("type").asText()).isEqualTo("doc");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("content").get(0).get("type").asText()).isEqualTo("heading");
        assertThat(doc.get("content").get(1).get("type").asText()).isEqualTo("paragraph");
        assertThat(doc.get("content").get(2).get("type").asText()).isEqualTo("codeBlock");
        assertThat(doc.get("content")).hasSize(3);
        assertThat(ref.key()).isEqualTo("LLM-1");
        assertThat(ref.url()).endsWith("/browse/LLM-1");
    }

    @Test
    void commentCloseReopenAndRelabel_useCommentTransitionsByNameAndEdit() throws Exception {
        Tracker.TicketRef ref = tracker.create("t", "b", List.of("feedloop:shop/P-1"), "feedloop:shop/P-1");
        tracker.comment(ref, "weekly");
        assertThat(calls.get(1)[1]).isEqualTo("/rest/api/3/issue/LLM-1/comment");
        assertThat(body(1).get("body").get("type").asText()).isEqualTo("doc");

        tracker.setOpen(ref, false, "Resolved");
        assertThat(calls.get(3)[0] + " " + calls.get(3)[1]).isEqualTo("GET /rest/api/3/issue/LLM-1/transitions");
        assertThat(calls.get(4)[0] + " " + calls.get(4)[1]).isEqualTo("POST /rest/api/3/issue/LLM-1/transitions");
        assertThat(body(4).get("transition").get("id").asText()).isEqualTo("31");

        tracker.setOpen(ref, true, null);
        assertThat(body(6).get("transition").get("id").asText()).isEqualTo("11");

        tracker.relabel(ref, "[retrieval] P-1: t", List.of("retrieval-investigation", "feedloop:shop/P-1"),
                "feedloop:shop/P-1");
        assertThat(calls.get(7)[0] + " " + calls.get(7)[1]).isEqualTo("PUT /rest/api/3/issue/LLM-1");
        assertThat(body(7).get("fields").get("summary").asText()).isEqualTo("[retrieval] P-1: t");
    }

    @Test
    void find_searchesByTheMarkerLabelWithJql() throws Exception {
        tracker.create("t", "b", List.of("feedloop:shop/P-1"), "feedloop:shop/P-1");
        assertThat(tracker.find("feedloop:shop/P-1")).hasValueSatisfying(r -> assertThat(r.key()).isEqualTo("LLM-1"));
        assertThat(tracker.find("feedloop:shop/P-2")).isEmpty();
        assertThat(calls.get(1)[1]).isEqualTo("/rest/api/3/search/jql");
        assertThat(body(1).get("jql").asText()).isEqualTo("project = \"LLM\" AND labels = \"feedloop:shop/P-1\"");
    }

    @Test
    void failures_401and404AreFinal_429WithRetryAfterAnd500AndTimeoutsAreRetried() {
        failStatus = 401;
        assertThatThrownBy(() -> tracker.create("t", "b", List.of(), "m")).isInstanceOfSatisfying(
                TrackerException.class, e -> assertThat(e.retryable()).isFalse());
        failStatus = 404;
        assertThatThrownBy(() -> tracker.comment(new Tracker.TicketRef("LLM-9", null), "x")).isInstanceOfSatisfying(
                TrackerException.class, e -> assertThat(e.retryable()).isFalse());
        failStatus = 429;
        failRetryAfter = "42";
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
        });
        failRetryAfter = null;
        failStatus = 500;
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.retryable()).isTrue());
        failStatus = 0;
        delayMillis = 2_000;
        assertThatThrownBy(() -> tracker.find("m")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void aMissingTransition_isReportedByNameAndNotRetried() {
        JiraTracker odd = new JiraTracker(new HttpCalls("jira", Duration.ofMillis(500), Clock.systemUTC()),
                "http://127.0.0.1:" + server.getAddress().getPort(), "bot@acme.test", "tok", "LLM", "Task", "Closed",
                "To Do");
        assertThatThrownBy(() -> odd.setOpen(new Tracker.TicketRef("LLM-1", null), false, null))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("'Closed'", "Done", "FEEDLOOP_JIRA_DONE_TRANSITION");
                });
    }
}
