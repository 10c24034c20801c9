package dev.feedloop.routing.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.routing.Tracker;
import dev.feedloop.routing.HttpCalls;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub Issues over its REST API (https://docs.github.com/en/rest/issues): create an issue, comment,
 * reopen or close it (PATCH state), relabel it, and find it by its marker label. A fine-grained token
 * needs "Issues: read and write" on the repository (a classic token: {@code repo}, or
 * {@code public_repo} for a public one).
 */
public final class GitHubTracker implements Tracker {
    private final HttpCalls http;
    private final String api;
    private final String repo;
    private final String token;

    /**
     * @param api the API base, https://api.github.com or an Enterprise server's
     * @param repo owner/name
     */
    public GitHubTracker(HttpCalls http, String api, String repo, String token) {
        if (!repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("FEEDLOOP_GITHUB_REPO must be owner/name; got '" + repo + "'");
        }
        this.http = http;
        this.api = api.replaceAll("/+$", "");
        this.repo = repo;
        this.token = token;
    }

    @Override
    public String name() {
        return "github";
    }

    private HttpRequest.Builder call(String path) {
        HttpRequest.Builder b = http.request(URI.create(api + "/repos/" + repo + path))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "feedloop");
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    @Override
    public Optional<TicketRef> find(String marker) {
        JsonNode issues = http.sendJson(call("/issues?state=all&per_page=10&labels="
                + URLEncoder.encode(marker, StandardCharsets.UTF_8)).GET().build());
        for (JsonNode issue : issues) {
            if (!issue.has("pull_request")) {
                return Optional.of(ref(issue));
            }
        }
        return Optional.empty();
    }

    @Override
    public TicketRef create(String title, String body, List<String> labels, String marker) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("title", title);
        issue.put("body", body);
        issue.put("labels", labels);
        return ref(http.sendJson(call("/issues").header("Content-Type", "application/json")
                .POST(HttpCalls.jsonBody(issue)).build()));
    }

    @Override
    public void comment(TicketRef ticket, String body) {
        http.sendJson(call("/issues/" + ticket.key() + "/comments").header("Content-Type", "application/json")
                .POST(HttpCalls.jsonBody(Map.of("body", body))).build());
    }

    @Override
    public void setOpen(TicketRef ticket, boolean open, String comment) {
        if (comment != null && !comment.isBlank()) {
            comment(ticket, comment);
        }
        Map<String, Object> patch = open ? Map.of("state", "open") : Map.of("state", "closed", "state_reason",
                "completed");
        patch(ticket, patch);
    }

    @Override
    public void relabel(TicketRef ticket, String title, List<String> labels, String marker) {
        patch(ticket, Map.of("title", title, "labels", labels));
    }

    private void patch(TicketRef ticket, Map<String, Object> fields) {
        http.sendJson(call("/issues/" + ticket.key()).header("Content-Type", "application/json")
                .method("PATCH", HttpCalls.jsonBody(fields)).build());
    }

    private static TicketRef ref(JsonNode issue) {
        return new TicketRef(issue.path("number").asText(), issue.path("html_url").asText(null));
    }
}
