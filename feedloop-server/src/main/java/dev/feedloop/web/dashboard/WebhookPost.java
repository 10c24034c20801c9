package dev.feedloop.web.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.routing.webhook.WebhookTracker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Posts a weekly report to the webhook the way ticket actions go there: JSON with a Slack-compatible
 * {@code text} (event {@code report.weekly}), signed with the webhook secret like every Feedloop
 * webhook call ({@code X-Feedloop-Signature: sha256=HMAC(secret, timestamp + "." + body)}).
 */
public final class WebhookPost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPost() {
    }

    /**
     * @throws IllegalStateException when the webhook cannot be reached or answers other than 2xx
     */
    public static void send(URI url, String secret, WeeklyReport.Report report, Clock clock) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "report.weekly");
        event.put("project", report.project());
        event.put("week", report.week().label());
        // Slack reads <...> as links and mentions: escape them as Slack documents
        event.put("text", WeeklyReport.markdown(report).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        String body = event.toString();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("User-Agent", "feedloop")
                .header("X-Feedloop-Event", "report.weekly").header("X-Feedloop-Timestamp", timestamp);
        if (secret != null && !secret.isEmpty()) {
            request.header("X-Feedloop-Signature", "sha256=" + WebhookTracker.sign(secret, timestamp, body));
        }
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("the webhook answered " + answer.statusCode() + "; the report was not"
                        + " delivered (check FEEDLOOP_WEBHOOK_URL)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the webhook at " + url.getHost() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting the report");
        }
    }
}
