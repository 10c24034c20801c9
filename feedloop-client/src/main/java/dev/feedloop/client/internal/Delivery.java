package dev.feedloop.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one drained batch and settles every event in it exactly once: sent, rejected or
 * dropped. Runs on the sender thread only.
 */
final class Delivery {

  private static final String OUTAGE = "outage";

  private final HttpTransport transport;
  private final JsonCodec codec;
  private final Backoff backoff;
  private final Counters counters;
  private final Warnings warnings;
  private final int maxRetries;
  private final CountDownLatch stop;
  private final String endpoint;
  private int retriesThisOutage;

  Delivery(Settings s, HttpTransport transport, JsonCodec codec, Counters counters,
      Warnings warnings, CountDownLatch stop) {
    this.transport = transport;
    this.codec = codec;
    this.backoff = new Backoff(s.initialBackoff(), s.maxBackoff(), s.random());
    this.counters = counters;
    this.warnings = warnings;
    this.maxRetries = s.maxRetries();
    this.stop = stop;
    this.endpoint = s.endpoint().toString();
  }

  /** Responses go first, so feedback never reaches the server before the response it is about. */
  void deliver(List<QueueItem.Event> batch) {
    List<QueueItem.Event> responses = new ArrayList<>();
    List<QueueItem.Event> feedback = new ArrayList<>();
    for (QueueItem.Event e : batch) {
      (e.route() == Route.RESPONSES ? responses : feedback).add(e);
    }
    deliverGroup(Route.RESPONSES, responses);
    deliverGroup(Route.FEEDBACK, feedback);
  }

  private void deliverGroup(Route route, List<QueueItem.Event> events) {
    int n = events.size();
    if (n == 0) {
      return;
    }
    try {
      byte[] body = codec.encode(events);
      postWithRetries(route, n, body);
    } catch (InterruptedException e) {
      // close() gave up waiting and interrupted us: the batch is abandoned.
      Thread.currentThread().interrupt();
      counters.dropped(n);
    } catch (RuntimeException e) {
      // A bug of ours must not kill the sender thread and strand every later event.
      counters.dropped(n);
      warnings.once("bug:" + e.getClass().getName(),
          "Feedloop client failed to deliver " + n + " " + route.noun + " (" + e
              + "); they are dropped. Please report this.");
    }
  }

  private void postWithRetries(Route route, int n, byte[] body) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        settle(route, n, transport.post(route, body));
        recovered();
        return;
      } catch (FatalException e) {
        counters.rejected(n);
        warnings.once("status:" + e.status(),
            "Feedloop server refused a batch of " + n + " " + route.noun + " with HTTP "
                + e.status() + ": " + e.getMessage() + "." + advice(e.status())
                + " Such batches are not retried; they are counted in stats().rejected().");
        return;
      } catch (RetriableException e) {
        if (attempt >= maxRetries) {
          counters.dropped(n);
          warnings.once("exhausted",
              "Feedloop client gave up on " + n + " " + route.noun + " after " + attempt
                  + " retries (last: " + e.getMessage() + "); counted in stats().dropped().");
          return;
        }
        unavailable(e);
        Duration wait = backoff.delay(attempt + 1, e.retryAfter());
        if (stop.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
          counters.dropped(n);
          return;
        }
        counters.retried();
        retriesThisOutage++;
      }
    }
  }

  private void settle(Route route, int n, Ack ack) {
    BitSet refused = new BitSet(n);
    for (Ack.Rejection r : ack.rejected()) {
      if (r.index() < 0 || r.index() >= n) {
        Warnings.debug("ignoring rejection with index " + r.index() + " outside a batch of " + n);
        continue;
      }
      refused.set(r.index());
      warnings.once("item:" + route + ":" + r.error() + ":" + r.field(),
          "Feedloop server rejected " + route.noun + " as invalid (error " + r.error() + ", field "
              + r.field() + "): " + r.message() + ". Fix the caller; such events are not retried"
              + " and are counted in stats().rejected().");
    }
    int rejected = refused.cardinality();
    counters.rejected(rejected);
    counters.sent(n - rejected);
  }

  private void unavailable(RetriableException e) {
    warnings.once(OUTAGE,
        "Feedloop server at " + endpoint + " is unavailable (" + e.getMessage()
            + "); retrying with backoff. Events are kept up to queueCapacity meanwhile.");
    Warnings.debug("retriable failure: " + e.getMessage());
  }

  private void recovered() {
    if (retriesThisOutage > 0) {
      Warnings.info("Feedloop server reachable again after " + retriesThisOutage + " retries.");
      retriesThisOutage = 0;
      warnings.rearm(OUTAGE);
    }
  }

  private static String advice(int status) {
    return switch (status) {
      case 401, 403 -> " Check the client's apiKey.";
      case 404 -> " Check the client's endpoint (it should be the server's base URL).";
      case 413 -> " Lower the client's batchSize or shorten the texts.";
      default -> "";
    };
  }
}
