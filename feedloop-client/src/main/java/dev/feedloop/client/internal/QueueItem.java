package dev.feedloop.client.internal;

import java.util.concurrent.CompletableFuture;

/** What the sender thread takes from its queue. */
sealed interface QueueItem {

  /** A response or feedback, kept as the caller's immutable record until it is encoded. */
  record Event(Route route, Object payload) implements QueueItem {}

  /**
   * Completed once everything queued before it is settled. The queue is FIFO and one thread
   * sends, so reaching the marker is proof that earlier events are done.
   */
  record FlushMarker(CompletableFuture<Void> done) implements QueueItem {
    FlushMarker() {
      this(new CompletableFuture<>());
    }
  }

  /** Wakes the sender so it can see it has been told to stop. */
  enum Stop implements QueueItem {
    INSTANCE
  }
}
