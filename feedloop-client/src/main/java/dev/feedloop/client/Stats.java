package dev.feedloop.client;

/**
 * A snapshot of a client's counters since it was built. All counts are of events (responses and
 * feedback), except {@code retries}, which counts HTTP requests sent again.
 *
 * <p>Every event accepted by {@code send} ends in exactly one of {@code sent}, {@code rejected}
 * or {@code dropped}, or is still {@code queued}.
 *
 * @param sent events the server acknowledged (stored, or recognised as duplicates)
 * @param dropped events lost without a verdict from the server: the queue was full, the client
 *     was closed, retries ran out, or close() gave up waiting
 * @param rejected events the server refused (invalid items in a 202, or a whole batch answered
 *     400, 401, 403, 404, 413 or 415); they are never retried
 * @param retries HTTP requests re-sent after a retriable failure
 * @param queued events accepted but not yet settled (waiting or in flight)
 */
public record Stats(long sent, long dropped, long rejected, long retries, long queued) {

  public Stats {
    if (sent < 0 || dropped < 0 || rejected < 0 || retries < 0 || queued < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0: sent=%d dropped=%d rejected=%d retries=%d queued=%d"
              .formatted(sent, dropped, rejected, retries, queued));
    }
  }
}
