package dev.feedloop.client.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * Every client setting, checked. Defaults and validators live here once; the public builder
 * calls the validators at each setter so a bad value fails where it is written.
 *
 * <p>Not API: {@code dev.feedloop.client.internal} may change without notice.
 *
 * @param random used only by the sender thread, for backoff jitter
 */
public record Settings(
    URI endpoint,
    String apiKey,
    int batchSize,
    Duration flushInterval,
    int queueCapacity,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration closeTimeout,
    Clock clock,
    RandomGenerator random,
    ThreadFactory threadFactory) {

  /** The server accepts arrays of up to 1,000 items per request (server contract). */
  public static final int MAX_BATCH_SIZE = 1000;
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Retry until delivered or closed: while the server is down, the queue bound limits memory. */
  public static final int DEFAULT_MAX_RETRIES = Integer.MAX_VALUE;
  /** Kafka's producer uses 100 ms base / 1 s max; we cap higher since ours is a batch pipeline. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  public Settings {
    checkEndpoint(endpoint);
    checkApiKey(apiKey);
    checkBatchSize(batchSize);
    checkPositive("flushInterval", flushInterval);
    checkQueueCapacity(queueCapacity);
    checkPositive("connectTimeout", connectTimeout);
    checkPositive("requestTimeout", requestTimeout);
    checkMaxRetries(maxRetries);
    checkPositive("initialBackoff", initialBackoff);
    checkPositive("maxBackoff", maxBackoff);
    checkPositive("closeTimeout", closeTimeout);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(threadFactory, "threadFactory");
  }

  /** Never prints the API key. */
  @Override
  public String toString() {
    return "Settings[endpoint=" + endpoint + ", apiKey=<redacted>, batchSize=" + batchSize
        + ", flushInterval=" + flushInterval + ", queueCapacity=" + queueCapacity
        + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", closeTimeout=" + closeTimeout + "]";
  }

  /** An absolute http(s) URI with a host, no query, fragment or user info. */
  public static URI checkEndpoint(URI endpoint) {
    if (endpoint == null) {
      throw new IllegalArgumentException("endpoint is required, for example https://feedloop.example.com");
    }
    if (endpoint.getRawUserInfo() != null) {
      // Not echoed: user info may hold a password. The key goes in apiKey().
      throw new IllegalArgumentException("endpoint must not contain user info; pass the key with apiKey()");
    }
    String scheme = endpoint.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || endpoint.getHost() == null
        || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "endpoint must be an http or https URL with a host and no query or fragment: " + endpoint);
    }
    return endpoint;
  }

  /** Present, and safe in an HTTP header. The key itself never appears in a message. */
  public static String checkApiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    for (int i = 0; i < apiKey.length(); i++) {
      char c = apiKey.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "apiKey contains a space, control or non-ASCII character at index " + i
                + " (the key is not shown); copy it again from the server's settings");
      }
    }
    return apiKey;
  }

  public static int checkBatchSize(int batchSize) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ": " + batchSize);
    }
    return batchSize;
  }

  public static int checkQueueCapacity(int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
    }
    return queueCapacity;
  }

  public static int checkMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0 (0 means never retry): " + maxRetries);
    }
    return maxRetries;
  }

  /** Longest any duration setting may be; beyond it a value is surely a unit mistake. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  /** A duration between one millisecond and a day. */
  public static Duration checkPositive(String name, Duration value) {
    if (value == null || value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and 1 day: " + value);
    }
    return value;
  }
}
