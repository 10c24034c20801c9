package dev.feedloop.client.internal;

import dev.feedloop.client.Stats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's counters and its queue bound. An event holds one unit of {@code pending} from the
 * moment it is accepted until it is settled (sent, rejected or dropped), so events being retried
 * still count against the bound.
 */
final class Counters {

  private final int capacity;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  Counters(int capacity) {
    this.capacity = capacity;
  }

  /** Takes one unit of the bound, or returns false (without waiting) when it is all taken. */
  boolean tryReserve() {
    while (true) {
      int p = pending.get();
      if (p >= capacity) {
        return false;
      }
      if (pending.compareAndSet(p, p + 1)) {
        return true;
      }
    }
  }

  /** An event turned away before it was queued (queue full, client closed). */
  void droppedAtDoor() {
    dropped.incrementAndGet();
  }

  void sent(int n) {
    sent.addAndGet(n);
    pending.addAndGet(-n);
  }

  void rejected(int n) {
    rejected.addAndGet(n);
    pending.addAndGet(-n);
  }

  /** Queued events given up on (retries exhausted, client closed before delivery). */
  void dropped(int n) {
    dropped.addAndGet(n);
    pending.addAndGet(-n);
  }

  void retried() {
    retries.incrementAndGet();
  }

  int pending() {
    return pending.get();
  }

  Stats snapshot() {
    return new Stats(sent.get(), dropped.get(), rejected.get(), retries.get(), pending.get());
  }
}
