package dev.feedloop.client;

/**
 * The root of every exception the Feedloop client defines.
 *
 * <p>Public calls on {@link FeedloopClient} never throw it for network or server trouble: those
 * are handled in the background and show up in {@link FeedloopClient#stats()}. Internally the
 * client separates retriable failures (timeouts, 5xx, 429) from fatal ones (400, 401, 403, 413,
 * 415), in the manner of Kafka's {@code RetriableException}.
 */
public class FeedloopException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FeedloopException(String message) {
    super(message);
  }

  public FeedloopException(String message, Throwable cause) {
    super(message, cause);
  }
}
