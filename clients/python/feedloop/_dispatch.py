"""The engine behind :class:`feedloop.Feedloop`: a bounded queue and one sender thread.

Callers only take a lock for a moment; the sender thread does all network work and never lets
an exception escape. An accepted event holds one unit of the bound from the moment it is queued
until it is settled (sent, rejected or dropped), so events being retried count against it too.
"""

from __future__ import annotations

import collections
import logging
import random
import threading
import time
from dataclasses import dataclass
from typing import Deque, List, Optional, Set, Tuple

from ._transport import Fatal, Retriable, Transport, backoff_delay

log = logging.getLogger("feedloop")

# Within a batch the routes go in this order, so feedback never reaches the server before the
# response it is about (the server joins either order, but read-backs look right sooner).
ROUTES = ("responses", "events", "feedback")
NOUNS = {"responses": "responses", "events": "one-shot events", "feedback": "feedback events"}


@dataclass(frozen=True)
class Stats:
    """What happened to the events given to the client so far.

    Attributes:
        sent: accepted by the server (stored or recognised as duplicates).
        dropped: given up on: queue full, client closed, or retries exhausted.
        rejected: refused as invalid, by the client's checks or by the server; never retried.
        retries: HTTP attempts repeated after a retriable failure.
        queued: accepted by the client and not settled yet (waiting or being retried).
    """

    sent: int
    dropped: int
    rejected: int
    retries: int
    queued: int


@dataclass(frozen=True)
class Settings:
    """Every setting, already checked by :class:`feedloop.Feedloop`."""

    batch_size: int
    flush_interval: float
    queue_capacity: int
    max_retries: Optional[int]
    initial_backoff: float
    max_backoff: float
    close_timeout: float
    join_timeout: float


class Dispatcher:
    """Queues events and delivers them in batches from a daemon thread."""

    def __init__(self, settings: Settings, transport: Transport, endpoint: str,
                 rng: Optional[random.Random] = None) -> None:
        self._s = settings
        self._transport = transport
        self._endpoint = endpoint
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._queue: Deque[Tuple[str, dict]] = collections.deque()
        self._pending = 0
        self._accepted = 0  # sequence number of the last accepted event
        self._settled = 0   # events settled in queue order: every accepted one up to here
        self._flushers = 0
        self._closing = False
        self._sent = self._dropped = self._rejected = self._retries = 0
        self._warned: Set[str] = set()
        self._outage_retries = 0
        self._thread = threading.Thread(target=self._run, name="feedloop-sender", daemon=True)
        self._thread.start()

    # -- caller side ---------------------------------------------------------------------

    def offer(self, route: str, record: dict) -> bool:
        """Queues one record without waiting; False if it was dropped."""
        with self._lock:
            if self._closing:
                self._dropped += 1
                self._warn_once("closed", "Feedloop client is closed; events given to it are dropped.")
                return False
            if self._pending >= self._s.queue_capacity:
                self._dropped += 1
                self._warn_once("full", "Feedloop client queue is full (%d events waiting or being "
                                "retried); new events are dropped and counted in stats.dropped.",
                                self._s.queue_capacity)
                return False
            self._pending += 1
            self._accepted += 1
            self._queue.append((route, record))
            if len(self._queue) >= self._s.batch_size:
                self._changed.notify_all()
            elif len(self._queue) == 1:
                self._changed.notify_all()
            return True

    def refuse(self, field: str, reason: str) -> None:
        """Counts an event the client refused before queueing it."""
        with self._lock:
            self._rejected += 1
            self._warn_once("invalid:" + field, "Feedloop client refused an event (field %s): %s. Fix "
                            "the caller; such events are not sent and are counted in stats.rejected.",
                            field, reason)

    def flush(self, timeout: float) -> bool:
        """Waits until every event accepted before the call is settled, at most ``timeout`` s."""
        deadline = time.monotonic() + max(0.0, timeout)
        with self._lock:
            target = self._accepted
            if self._settled >= target:
                return True
            self._flushers += 1
            self._changed.notify_all()
            try:
                while self._settled < target:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._thread.is_alive():
                        return self._settled >= target
                    self._changed.wait(left)
                return True
            finally:
                self._flushers -= 1

    def close(self, timeout: float) -> None:
        """Refuses new events, flushes for ``timeout`` s, stops the sender, drops what is left."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        self.flush(timeout)
        self._stop.set()
        with self._lock:
            self._changed.notify_all()
        self._thread.join(self._s.join_timeout)
        with self._lock:
            self._drop_queued()

    def stats(self) -> Stats:
        with self._lock:
            return Stats(self._sent, self._dropped, self._rejected, self._retries, self._pending)

    # -- sender side ---------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._deliver(batch)
            except Exception as e:  # a bug of ours must not strand every later event
                self._settle(dropped=len(batch))
                self._warn_locked("bug", "Feedloop client failed to deliver %d events (%s); they "
                                  "are dropped. Please report this.", len(batch), type(e).__name__)
            finally:
                with self._lock:
                    self._settled += len(batch)
                    self._changed.notify_all()

    def _next_batch(self) -> Optional[List[Tuple[str, dict]]]:
        """Takes up to batch_size events, lingering up to flush_interval for the batch to fill
        (Kafka's linger.ms) unless a flush or close cuts the wait short; None once stopped."""
        s = self._s
        with self._lock:
            while not self._queue:
                if self._stop.is_set():
                    return None
                self._changed.wait()
            deadline = time.monotonic() + s.flush_interval
            while (len(self._queue) < s.batch_size and not self._flushers and not self._closing
                   and not self._stop.is_set()):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            if self._stop.is_set():
                return None
            n = min(s.batch_size, len(self._queue))
            return [self._queue.popleft() for _ in range(n)]

    def _deliver(self, batch: List[Tuple[str, dict]]) -> None:
        for route in ROUTES:
            records = [record for r, record in batch if r == route]
            if records:
                self._deliver_group(route, records)

    def _deliver_group(self, route: str, records: List[dict]) -> None:
        n = len(records)
        attempt = 0
        while True:
            try:
                ack = self._transport.post(route, records)
            except Fatal as e:
                self._settle(rejected=n)
                self._warn_locked("status:%d" % e.status,
                                  "Feedloop server refused a batch of %d %s with HTTP %d: %s.%s Such "
                                  "batches are not retried; they are counted in stats.rejected.",
                                  n, NOUNS[route], e.status, e, _advice(e.status))
                return
            except Retriable as e:
                if self._s.max_retries is not None and attempt >= self._s.max_retries:
                    self._settle(dropped=n)
                    self._warn_locked("exhausted", "Feedloop client gave up on %d %s after %d "
                                      "retries (last: %s); counted in stats.dropped.",
                                      n, NOUNS[route], attempt, e)
                    return
                attempt += 1
                self._warn_locked("outage", "Feedloop server at %s is unavailable (%s); retrying with "
                                  "backoff. Events are kept up to queue_capacity meanwhile.",
                                  self._endpoint, e)
                delay = backoff_delay(attempt, self._s.initial_backoff, self._s.max_backoff,
                                      self._rng, e.retry_after)
                if self._stop.wait(delay):
                    self._settle(dropped=n)
                    return
                with self._lock:
                    self._retries += 1
                    self._outage_retries += 1
                continue
            self._settle_ack(route, n, ack.rejected)
            return

    def _settle_ack(self, route: str, n: int, rejections: List[dict]) -> None:
        refused = set()
        for r in rejections:
            index = r.get("index")
            if isinstance(index, int) and 0 <= index < n:
                refused.add(index)
                self._warn_locked("item:%s:%s:%s" % (route, r.get("error"), r.get("field")),
                                  "Feedloop server rejected %s as invalid (error %s, field %s): %s. Fix "
                                  "the caller; such events are not retried and are counted in "
                                  "stats.rejected.", NOUNS[route], r.get("error"), r.get("field"),
                                  r.get("message"))
        self._settle(sent=n - len(refused), rejected=len(refused))
        with self._lock:
            if self._outage_retries:
                log.info("Feedloop server reachable again after %d retries.", self._outage_retries)
                self._outage_retries = 0
                self._warned.discard("outage")

    def _settle(self, sent: int = 0, rejected: int = 0, dropped: int = 0) -> None:
        with self._lock:
            self._sent += sent
            self._rejected += rejected
            self._dropped += dropped
            self._pending -= sent + rejected + dropped

    def _drop_queued(self) -> None:
        """Under the lock: settles everything still queued as dropped."""
        n = len(self._queue)
        self._queue.clear()
        self._dropped += n
        self._pending -= n
        self._settled += n
        self._changed.notify_all()

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        """Under the lock: logs a WARNING the first time ``key`` is seen."""
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message, *args)

    def _warn_locked(self, key: str, message: str, *args: object) -> None:
        with self._lock:
            self._warn_once(key, message, *args)


def _advice(status: int) -> str:
    if status in (401, 403):
        return " Check the client's api_key."
    if status == 404:
        return " Check the client's url (it should be the server's base URL)."
    if status == 413:
        return " Lower the client's batch_size or shorten the texts."
    return ""
