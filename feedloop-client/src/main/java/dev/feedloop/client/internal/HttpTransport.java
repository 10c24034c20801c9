package dev.feedloop.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Posts one encoded batch and sorts the outcome into an {@link Ack}, a {@link
 * RetriableException} or a {@link FatalException}.
 */
final class HttpTransport {

  static final String USER_AGENT = "feedloop-java/0.1";

  /**
   * Client errors that other requests could still clear: 408 (server gave up waiting) and 429
   * (rate limited). Every other 4xx is the batch's or the configuration's fault and would fail
   * the same way again.
   */
  private static final Set<Integer> RETRIABLE_4XX = Set.of(408, 429);

  private final HttpClient http;
  private final URI endpoint;
  private final String authorization;
  private final Duration requestTimeout;
  private final JsonCodec codec;
  private final Clock clock;

  HttpTransport(Settings s, JsonCodec codec) {
    this.http = HttpClient.newBuilder()
        .connectTimeout(s.connectTimeout())
        // HTTP/1.1: an h2c upgrade on a POST with a body is handled unevenly by servers and proxies.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.endpoint = s.endpoint();
    this.authorization = "Bearer " + s.apiKey();
    this.requestTimeout = s.requestTimeout();
    this.codec = codec;
    this.clock = s.clock();
  }

  /** {@code endpoint} + {@code path}, keeping any base path the endpoint has. */
  static URI resolve(URI endpoint, String path) {
    String base = endpoint.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + path);
  }

  /**
   * @throws RetriableException on 5xx, 408, 429, refused connections and timeouts
   * @throws FatalException on any other non-2xx status
   * @throws InterruptedException if the sender is interrupted while waiting
   */
  Ack post(Route route, byte[] body) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(resolve(endpoint, route.path))
        .timeout(requestTimeout)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // Refused, reset, timed out, TLS trouble: the message names the class, never the payload.
      throw new RetriableException(e.getClass().getSimpleName(), null, e);
    }
    return classify(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
  }

  Ack classify(int status, byte[] body, Optional<String> retryAfterHeader) {
    if (status >= 200 && status < 300) {
      try {
        return codec.decodeAck(body);
      } catch (IOException e) {
        // Accepted but unreadable: the server took the batch; counting it as sent is honest.
        return new Ack(0, 0, java.util.List.of());
      }
    }
    if (status >= 500 || RETRIABLE_4XX.contains(status)) {
      Duration retryAfter = retryAfterHeader.map(this::parseRetryAfter).orElse(null);
      throw new RetriableException("HTTP " + status, retryAfter, null);
    }
    String message = codec.serverMessage(body);
    throw new FatalException(status, message == null ? "(no message)" : message);
  }

  /** Retry-After is delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
  Duration parseRetryAfter(String value) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
