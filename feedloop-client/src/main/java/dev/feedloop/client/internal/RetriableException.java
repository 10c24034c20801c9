package dev.feedloop.client.internal;

import dev.feedloop.client.FeedloopException;
import java.time.Duration;

/**
 * A failure that may pass if the same batch is sent again: 5xx, 429, 408, connection refused,
 * timeouts. Named after Kafka's {@code RetriableException}.
 */
final class RetriableException extends FeedloopException {

  private static final long serialVersionUID = 1L;

  /** The server's Retry-After, or null when it gave none. */
  private final transient Duration retryAfter;

  RetriableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
