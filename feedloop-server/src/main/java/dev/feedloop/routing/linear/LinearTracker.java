package dev.feedloop.routing.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedloop.routing.HttpCalls;
import dev.feedloop.routing.Tracker;
import dev.feedloop.routing.TrackerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linear over its GraphQL API: {@code issueCreate} (Markdown description), {@code commentCreate},
 * {@code issueUpdate} for the workflow state (the team's first state of type {@code completed} to
 * close, {@code unstarted} to reopen), the title and the labels (found by name, created when
 * missing), and lookup by the marker label. A personal API key is sent as {@code Authorization:
 * <key>}. Linear reports failures as GraphQL errors: {@code RATELIMITED} (HTTP 400 or 429) and 5xx
 * are retried; authentication and other errors are final.
 */
public final class LinearTracker implements Tracker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpCalls http;
    private final URI api;
    private final String apiKey;
    private final String teamKey;
    private final Map<String, String> labelIds = new ConcurrentHashMap<>();
    private volatile JsonNode team;

    public LinearTracker(HttpCalls http, String api, String apiKey, String teamKey) {
        this.http = http;
        this.api = URI.create(api);
        this.apiKey = apiKey;
        this.teamKey = teamKey;
    }

    @Override
    public String name() {
        return "linear";
    }

    /** Runs a query; answers its {@code data}. */
    JsonNode graphql(String query, Map<String, Object> variables) {
        HttpRequest request = http.request(api).header("Authorization", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpCalls.jsonBody(Map.of("query", query, "variables", variables))).build();
        HttpResponse<String> response = http.exchange(request);
        JsonNode body;
        try {
            body = JSON.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
        } catch (IOException e) {
            http.check(request, response);
            throw new TrackerException("linear answered something that is not JSON", true, null, e);
        }
        for (JsonNode error : body.path("errors")) {
            String code = error.path("extensions").path("code").asText(error.path("extensions").path("type").asText(""));
            if (code.equalsIgnoreCase("RATELIMITED")) {
                throw new TrackerException("linear: rate limited", true,
                        response.headers().firstValue("Retry-After").map(v -> java.time.Duration.ofSeconds(
                                Long.parseLong(v.trim()))).orElse(null), null);
            }
            if (response.statusCode() >= 500) {
                break;
            }
            boolean auth = code.toUpperCase().contains("AUTHENTICATION") || response.statusCode() == 401;
            throw new TrackerException("linear: " + error.path("message").asText("error") + (auth
                    ? ": the API key is missing, wrong or revoked" : ""), false, null, null);
        }
        http.check(request, response); // any other non-2xx: retry on 5xx/429, final otherwise
        return body.path("data");
    }

    private JsonNode team() {
        if (team == null) {
            JsonNode teams = graphql("query($key: String!) { teams(filter: {key: {eq: $key}}) { nodes { id"
                    + " states { nodes { id name type position } } } } }", Map.of("key", teamKey)).path("teams")
                    .path("nodes");
            if (teams.isEmpty()) {
                throw new TrackerException("linear: no team with key " + teamKey + " (FEEDLOOP_LINEAR_TEAM)", false,
                        null, null);
            }
            team = teams.get(0);
        }
        return team;
    }

    private String stateId(String type) {
        JsonNode best = null;
        for (JsonNode s : team().path("states").path("nodes")) {
            if (s.path("type").asText().equals(type)
                    && (best == null || s.path("position").asDouble() < best.path("position").asDouble())) {
                best = s;
            }
        }
        if (best == null) {
            throw new TrackerException("linear: team " + teamKey + " has no workflow state of type " + type, false,
                    null, null);
        }
        return best.path("id").asText();
    }

    private List<String> labelIds(List<String> names) {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(labelIds.computeIfAbsent(name, n -> {
                JsonNode found = graphql("query($name: String!) { issueLabels(filter: {name: {eq: $name}}) { nodes"
                        + " { id } } }", Map.of("name", n)).path("issueLabels").path("nodes");
                if (!found.isEmpty()) {
                    return found.get(0).path("id").asText();
                }
                return graphql("mutation($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) {"
                        + " issueLabel { id } } }", Map.of("input", Map.of("name", n, "teamId",
                        team().path("id").asText()))).path("issueLabelCreate").path("issueLabel").path("id").asText();
            }));
        }
        return ids;
    }

    @Override
    public Optional<TicketRef> find(String marker) {
        JsonNode nodes = graphql("query($marker: String!) { issues(first: 1, filter: {labels: {name: {eq: $marker}}})"
                + " { nodes { id url } } }", Map.of("marker", marker)).path("issues").path("nodes");
        return nodes.isEmpty() ? Optional.empty()
                : Optional.of(new TicketRef(nodes.get(0).path("id").asText(), nodes.get(0).path("url").asText(null)));
    }

    @Override
    public TicketRef create(String title, String body, List<String> labels, String marker) {
        JsonNode issue = graphql("mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success issue {"
                + " id identifier url } } }", Map.of("input", Map.of("teamId", team().path("id").asText(), "title",
                title, "description", body, "labelIds", labelIds(labels)))).path("issueCreate").path("issue");
        return new TicketRef(issue.path("id").asText(), issue.path("url").asText(null));
    }

    @Override
    public void comment(TicketRef ticket, String body) {
        graphql("mutation($input: CommentCreateInput!) { commentCreate(input: $input) { success } }",
                Map.of("input", Map.of("issueId", ticket.key(), "body", body)));
    }

    @Override
    public void setOpen(TicketRef ticket, boolean open, String comment) {
        if (comment != null && !comment.isBlank()) {
            comment(ticket, comment);
        }
        update(ticket, Map.of("stateId", stateId(open ? "unstarted" : "completed")));
    }

    @Override
    public void relabel(TicketRef ticket, String title, List<String> labels, String marker) {
        update(ticket, Map.of("title", title, "labelIds", labelIds(labels)));
    }

    private void update(TicketRef ticket, Map<String, Object> input) {
        graphql("mutation($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }",
                Map.of("id", ticket.key(), "input", input));
    }
}
