package dev.feedloop.client.internal;

import dev.feedloop.client.Feedback;
import dev.feedloop.client.Response;
import dev.feedloop.client.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine behind {@code FeedloopClient}: a bounded in-memory queue and one sender thread that
 * drains it in batches. Callers never wait on the network; the sender never throws at them.
 *
 * <p>Not API: {@code dev.feedloop.client.internal} may change without notice.
 */
public final class Dispatcher {

  /** How long close() lets an abandoned in-flight request wind down before interrupting it. */
  private static final long STOP_GRACE_MILLIS = 200;

  private final Settings settings;
  /** Unbounded on its own: the bound is {@link Counters#tryReserve()}, which covers in-flight events too. */
  private final LinkedBlockingQueue<QueueItem> queue = new LinkedBlockingQueue<>();
  private final Counters counters;
  private final Warnings warnings = new Warnings();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean terminated;
  private final Delivery delivery;
  private final Thread sender;

  private Dispatcher(Settings settings) {
    this.settings = settings;
    this.counters = new Counters(settings.queueCapacity());
    JsonCodec codec = new JsonCodec();
    this.delivery = new Delivery(settings, new HttpTransport(settings, codec), codec, counters, warnings, stop);
    this.sender = settings.threadFactory().newThread(this::run);
  }

  /** Builds a dispatcher and starts its sender thread. */
  public static Dispatcher start(Settings settings) {
    Dispatcher d = new Dispatcher(settings);
    d.sender.start();
    return d;
  }

  /** Queues a response, stamping a missing timestamp; false if it was dropped. */
  public boolean offer(Response r) {
    return offer(Route.RESPONSES, r.timestamp() != null ? r : r.withTimestamp(settings.clock().instant()));
  }

  /** Queues a feedback event, stamping a missing timestamp; false if it was dropped. */
  public boolean offer(Feedback f) {
    return offer(Route.FEEDBACK, f.timestamp() != null ? f : f.withTimestamp(settings.clock().instant()));
  }

  private boolean offer(Route route, Object payload) {
    if (closed.get()) {
      counters.droppedAtDoor();
      warnings.once("closed", "Feedloop client is closed; events sent to it are dropped.");
      return false;
    }
    if (!counters.tryReserve()) {
      counters.droppedAtDoor();
      warnings.once("full",
          "Feedloop client queue is full (" + settings.queueCapacity() + " events waiting or in"
              + " flight); new events are dropped and counted in stats().dropped().");
      return false;
    }
    QueueItem.Event event = new QueueItem.Event(route, payload);
    queue.add(event);
    // close() may have drained the queue between our check and our add: take the event back.
    if (terminated && queue.remove(event)) {
      counters.dropped(1);
      return false;
    }
    return true;
  }

  /**
   * Waits until every event queued before this call is settled.
   *
   * @return true if they all were within {@code timeout}
   */
  public boolean flush(Duration timeout) {
    if (counters.pending() == 0) {
      return true; // nothing accepted is unsettled, so nothing sent before this call is either
    }
    QueueItem.FlushMarker marker = new QueueItem.FlushMarker();
    queue.add(marker);
    if (terminated) {
      queue.remove(marker);
      return counters.pending() == 0;
    }
    try {
      marker.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("flush marker cannot fail", e);
    }
  }

  /** Flushes for up to closeTimeout, then stops the sender; what is left is counted as dropped. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    flush(settings.closeTimeout());
    stop.countDown();
    queue.add(QueueItem.Stop.INSTANCE);
    try {
      sender.join(STOP_GRACE_MILLIS);
      if (sender.isAlive()) {
        sender.interrupt();
        sender.join(settings.requestTimeout().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminated = true;
    drainAsDropped();
  }

  public Stats stats() {
    return counters.snapshot();
  }

  private void run() {
    try {
      while (stop.getCount() > 0) {
        if (!sendNextBatch()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      // Interrupted by close(): fall through and account for what is left.
    } finally {
      drainAsDropped();
    }
  }

  /**
   * Takes up to batchSize events, waiting at most flushInterval after the first for the batch to
   * fill (Kafka's linger.ms), unless a flush marker or a stop cuts it short; then delivers them.
   *
   * @return false once a stop was seen
   */
  private boolean sendNextBatch() throws InterruptedException {
    QueueItem first = queue.take();
    if (first instanceof QueueItem.FlushMarker m) {
      m.done().complete(null);
      return true;
    }
    if (first == QueueItem.Stop.INSTANCE) {
      return false;
    }
    List<QueueItem.Event> batch = new ArrayList<>();
    batch.add((QueueItem.Event) first);
    QueueItem last = fill(batch);
    delivery.deliver(batch);
    if (last instanceof QueueItem.FlushMarker m) {
      m.done().complete(null);
    }
    return last != QueueItem.Stop.INSTANCE;
  }

  /** Adds events to {@code batch}; returns the marker or stop that ended it, or null. */
  private QueueItem fill(List<QueueItem.Event> batch) throws InterruptedException {
    long deadline = System.nanoTime() + settings.flushInterval().toNanos();
    while (batch.size() < settings.batchSize()) {
      long left = deadline - System.nanoTime();
      QueueItem next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        return null;
      }
      if (!(next instanceof QueueItem.Event e)) {
        return next;
      }
      batch.add(e);
    }
    return null;
  }

  /** Settles everything still queued as dropped and releases anyone waiting on a flush. */
  private void drainAsDropped() {
    QueueItem item;
    while ((item = queue.poll()) != null) {
      if (item instanceof QueueItem.Event) {
        counters.dropped(1);
      } else if (item instanceof QueueItem.FlushMarker m) {
        m.done().complete(null);
      }
    }
  }
}
