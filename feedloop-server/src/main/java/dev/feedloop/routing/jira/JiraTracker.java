package dev.feedloop.routing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedloop.routing.HttpCalls;
import dev.feedloop.routing.Tracker;
import dev.feedloop.routing.TrackerException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jira Cloud over its REST API v3: create an issue (description in Atlassian Document Format),
 * comment, move it through a workflow transition found by name (done / reopen), edit its summary and
 * labels, and find it by its marker label with JQL ({@code POST /rest/api/3/search/jql}). Basic
 * authentication with an account's e-mail and API token; the account needs Browse, Create, Edit,
 * Add comments and Transition issues on the project.
 */
public final class JiraTracker implements Tracker {
    private final HttpCalls http;
    private final String base;
    private final String authorization;
    private final String projectKey;
    private final String issueType;
    private final String doneTransition;
    private final String reopenTransition;

    public JiraTracker(HttpCalls http, String base, String email, String token, String projectKey, String issueType,
            String doneTransition, String reopenTransition) {
        this.http = http;
        this.base = base.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((email + ":" + token)
                .getBytes(StandardCharsets.UTF_8));
        this.projectKey = projectKey;
        this.issueType = issueType;
        this.doneTransition = doneTransition;
        this.reopenTransition = reopenTransition;
    }

    @Override
    public String name() {
        return "jira";
    }

    private HttpRequest.Builder call(String path) {
        return http.request(URI.create(base + "/rest/api/3" + path)).header("Authorization", authorization)
                .header("Accept", "application/json").header("Content-Type", "application/json");
    }

    @Override
    public Optional<TicketRef> find(String marker) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("jql", "project = \"" + projectKey + "\" AND labels = \"" + marker.replace("\"", "") + "\"");
        query.put("fields", List.of("summary"));
        query.put("maxResults", 1);
        JsonNode answer = http.sendJson(call("/search/jql").POST(HttpCalls.jsonBody(query)).build());
        for (JsonNode issue : answer.path("issues")) {
            return Optional.of(ref(issue.path("key").asText()));
        }
        return Optional.empty();
    }

    @Override
    public TicketRef create(String title, String body, List<String> labels, String marker) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", projectKey));
        fields.put("summary", summary(title));
        fields.put("issuetype", Map.of("name", issueType));
        fields.put("labels", labels(labels));
        fields.put("description", Adf.of(body));
        JsonNode answer = http.sendJson(call("/issue").POST(HttpCalls.jsonBody(Map.of("fields", fields))).build());
        return ref(answer.path("key").asText());
    }

    @Override
    public void comment(TicketRef ticket, String body) {
        http.send(call("/issue/" + ticket.key() + "/comment").POST(HttpCalls.jsonBody(Map.of("body", Adf.of(body))))
                .build());
    }

    @Override
    public void setOpen(TicketRef ticket, boolean open, String comment) {
        if (comment != null && !comment.isBlank()) {
            comment(ticket, comment);
        }
        String wanted = open ? reopenTransition : doneTransition;
        JsonNode answer = http.sendJson(call("/issue/" + ticket.key() + "/transitions").GET().build());
        List<String> names = new ArrayList<>();
        for (JsonNode t : answer.path("transitions")) {
            names.add(t.path("name").asText());
            if (t.path("name").asText().equalsIgnoreCase(wanted)
                    || t.path("to").path("name").asText().equalsIgnoreCase(wanted)) {
                http.send(call("/issue/" + ticket.key() + "/transitions").POST(HttpCalls.jsonBody(
                        Map.of("transition", Map.of("id", t.path("id").asText())))).build());
                return;
            }
        }
        throw new TrackerException("jira: issue " + ticket.key() + " has no transition named '" + wanted
                + "' (it has " + names + "); set FEEDLOOP_JIRA_" + (open ? "REOPEN" : "DONE") + "_TRANSITION", false,
                null, null);
    }

    @Override
    public void relabel(TicketRef ticket, String title, List<String> labels, String marker) {
        http.send(call("/issue/" + ticket.key()).PUT(HttpCalls.jsonBody(Map.of("fields", Map.of("summary",
                summary(title), "labels", labels(labels))))).build());
    }

    private TicketRef ref(String key) {
        return new TicketRef(key, base + "/browse/" + key);
    }

    private static String summary(String title) {
        return title.length() > 250 ? title.substring(0, 250) : title;
    }

    /** Jira labels hold no spaces. */
    private static List<String> labels(List<String> labels) {
        return labels.stream().map(l -> l.replace(' ', '-')).toList();
    }
}
