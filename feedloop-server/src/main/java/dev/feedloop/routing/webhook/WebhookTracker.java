package dev.feedloop.routing.webhook;

import dev.feedloop.routing.HttpCalls;
import dev.feedloop.routing.Tracker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook: every ticket action is a JSON POST with a Slack-compatible {@code text} field, the event
 * ({@code ticket.created}, {@code ticket.commented}, {@code ticket.reopened}, {@code ticket.closed},
 * {@code ticket.relabelled}) and its details. With a secret, {@code X-Feedloop-Signature} is
 * {@code sha256=} and the hex HMAC-SHA256 of {@code <X-Feedloop-Timestamp>.<body>}; receivers
 * should reject a stale timestamp. {@code X-Feedloop-Delivery} is the same for a retried delivery of
 * the same action, so a receiver can drop duplicates. A webhook cannot be asked what it holds, so
 * {@link #find} finds nothing: a crash after the POST and before the commit sends the create again
 * with the same delivery id.
 */
public final class WebhookTracker implements Tracker {
    private final HttpCalls http;
    private final URI url;
    private final String secret;
    private final Clock clock;

    public WebhookTracker(HttpCalls http, URI url, String secret, Clock clock) {
        this.http = http;
        this.url = url;
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Optional<TicketRef> find(String marker) {
        return Optional.empty();
    }

    @Override
    public TicketRef create(String title, String body, List<String> labels, String marker) {
        Map<String, Object> event = event("ticket.created", marker, "Feedloop: " + title);
        event.put("title", title);
        event.put("body", body);
        event.put("labels", labels);
        post(event);
        return new TicketRef("webhook:" + marker.substring("feedloop:".length()), null);
    }

    @Override
    public void comment(TicketRef ticket, String body) {
        Map<String, Object> event = event("ticket.commented", ticket.key(), "Feedloop " + patternOf(ticket) + ": "
                + firstLine(body));
        event.put("body", body);
        post(event);
    }

    @Override
    public void setOpen(TicketRef ticket, boolean open, String comment) {
        Map<String, Object> event = event(open ? "ticket.reopened" : "ticket.closed", ticket.key(), "Feedloop "
                + patternOf(ticket) + (open ? " reopened: " : " closed: ") + firstLine(comment));
        event.put("body", comment);
        post(event);
    }

    @Override
    public void relabel(TicketRef ticket, String title, List<String> labels, String marker) {
        Map<String, Object> event = event("ticket.relabelled", ticket.key(), "Feedloop: re-routed as " + title);
        event.put("title", title);
        event.put("labels", labels);
        post(event);
    }

    private Map<String, Object> event(String kind, String ticket, String text) {
        Map<String, Object> event = new LinkedHashMap<>();
        // Slack reads <...> as links and mentions (<!channel>): escape them as Slack documents
        event.put("text", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        event.put("event", kind);
        event.put("ticket", ticket);
        return event;
    }

    private void post(Map<String, Object> event) {
        String body;
        try {
            body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        var request = http.request(url).header("Content-Type", "application/json")
                .header("User-Agent", "feedloop")
                .header("X-Feedloop-Event", (String) event.get("event"))
                .header("X-Feedloop-Timestamp", timestamp)
                .header("X-Feedloop-Delivery", sha256(body));
        if (!secret.isEmpty()) {
            request.header("X-Feedloop-Signature", "sha256=" + sign(secret, timestamp, body));
        }
        http.send(request.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver recomputes to check a call. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String patternOf(TicketRef ticket) {
        return ticket.key().substring(ticket.key().lastIndexOf('/') + 1);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("").replace("**", "*");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
