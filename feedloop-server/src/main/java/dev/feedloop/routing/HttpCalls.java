package dev.feedloop.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The trackers' shared HTTP edge: one JDK client with a timeout, and one reading of a failure. A
 * timeout, a refused connection, a 5xx or a 429 can pass: retried later (after Retry-After when
 * given). 401, 403 and 404 are a wrong token, scope or address: reported in words, not retried. A
 * 403 that is a rate limit (Retry-After, or no requests left) is retried like a 429.
 */
public final class HttpCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final Duration timeout;
    private final String tracker;
    private final Clock clock;
    /** Dry run: each request is printed here instead of sent; null sends. */
    private final Consumer<String> dryRun;

    public HttpCalls(String tracker, Duration timeout, Clock clock) {
        this(tracker, timeout, clock, null);
    }

    /**
     * @param dryRun when not null, requests are not sent: each is rendered (method, URL, headers with
     *     credentials masked, body) and given to it, and answered {@code 200 {}}
     */
    public HttpCalls(String tracker, Duration timeout, Clock clock, Consumer<String> dryRun) {
        this.client = dryRun != null ? null
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.timeout = timeout;
        this.tracker = tracker;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /** A request builder with the timeout set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    /** Sends a request; answers 2xx with the body, else throws {@link TrackerException}. */
    public String send(HttpRequest request) {
        return check(request, exchange(request));
    }

    /** Sends a request and answers whatever came back; only a timeout or a broken connection throws. */
    public HttpResponse<String> exchange(HttpRequest request) {
        if (dryRun != null) {
            dryRun.accept(DryRun.render(request));
            return new DryRun.Answer(request);
        }
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TrackerException(tracker + " did not answer " + request.method() + " " + path(request)
                    + " within " + timeout.toSeconds() + " s", true, null, e);
        } catch (IOException e) {
            throw new TrackerException(tracker + " is unreachable (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException("interrupted", true, null, e);
        }
    }

    /** The body of a 2xx answer; any other status as a {@link TrackerException} that says whether to retry. */
    public String check(HttpRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        Duration retryAfter = retryAfter(response).orElse(null);
        String what = tracker + " answered " + status + " to " + request.method() + " " + path(request);
        if (status == 429 || status >= 500) {
            throw new TrackerException(what, true, retryAfter, null);
        }
        if (status == 403 && (retryAfter != null
                || response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false))) {
            throw new TrackerException(what + " (rate limited)", true, retryAfter, null);
        }
        String hint = switch (status) {
            case 401 -> ": the token is missing, wrong or expired";
            case 403 -> ": the token lacks the permission (scope) this needs";
            case 404 -> ": no such repository, project or ticket, or the token cannot see it";
            default -> ": " + excerpt(response.body());
        };
        throw new TrackerException(what + hint, false, null, null);
    }

    public JsonNode sendJson(HttpRequest request) {
        String body = send(request);
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new TrackerException(tracker + " answered something that is not JSON: " + excerpt(body), true, null,
                    e);
        }
    }

    public static HttpRequest.BodyPublisher jsonBody(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration d = Duration.between(clock.instant(), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (RuntimeException ignored) {
                    return Optional.empty();
                }
            }
        });
    }

    private static String path(HttpRequest r) {
        return r.uri().getPath();
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String s = body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
