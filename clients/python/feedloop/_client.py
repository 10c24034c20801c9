"""The public client: :class:`Feedloop`."""

from __future__ import annotations

import atexit
import datetime as _dt
import math
import random
import urllib.parse
import weakref
from typing import Any, Callable, Dict, Iterable, Mapping, Optional

from . import _records
from ._dispatch import Dispatcher, Settings, Stats
from ._records import InvalidRecord, Timestamp
from ._transport import Transport

MAX_BATCH_SIZE = 1000  # the server takes arrays of up to 1,000 items (docs/http-api.md)


class Feedloop:
    """Sends LLM responses and user feedback to a Feedloop server, in the background.

    Example::

        import os
        from feedloop import Feedloop

        feedloop = Feedloop(os.environ["FEEDLOOP_URL"], os.environ["FEEDLOOP_API_KEY"])
        feedloop.log_response(request_id="r-1", prompt_version="support-v3",
                              user_input="How do I change my flight?", llm_output="Open My Trips ...")
        feedloop.log_feedback(request_id="r-1", implicit_signal="regenerated")

    ``log_response``, ``log_feedback`` and ``log_event`` never block on the network and never
    raise for bad values, network or server trouble: each puts one record on a bounded
    in-memory queue and returns True, or returns False when the record was dropped (queue full,
    client closed) or refused (a value the server would refuse; logged once per field). A daemon
    thread posts batches of up to ``batch_size`` records, at least every ``flush_interval``
    seconds, responses before feedback. Connection failures, timeouts, 5xx, 408 and 429 are
    retried with exponential backoff and full jitter (Retry-After is a floor), keeping the
    records; other 4xx answers are logged once per status and the batch is counted as rejected,
    never retried. Records being retried count against ``queue_capacity``: while the server is
    down nothing is lost until that many are held; after that new ones are dropped and counted.

    At interpreter exit the client is closed (``atexit``): it flushes for at most
    ``close_timeout`` seconds. Call :meth:`flush` or :meth:`close` yourself where you need
    the records sent at a known point. Logs go to the ``feedloop`` logger and never contain the
    API key or user text. The client is thread-safe: create one and share it.

    Args:
        url: the server's base URL, such as ``https://feedloop.example.com``.
        api_key: an ingest key (``feedloop keys create --scope ingest``); sent as a bearer token,
            never logged.
        batch_size: records per HTTP request, 1-1000.
        flush_interval: longest a record waits for its batch to fill, in seconds.
        queue_capacity: records held at once, waiting or being retried.
        timeout: longest one HTTP request may take, in seconds.
        max_retries: retries per batch before it is dropped; None retries until closed.
        initial_backoff: ceiling of the first retry's random wait, doubled each retry, seconds.
        max_backoff: cap on the random wait between retries, in seconds.
        close_timeout: how long :meth:`close` (and the exit hook) waits for queued records.
        flush_at_exit: register the ``atexit`` hook that closes the client.
        clock: returns "now" as an aware datetime, to stamp records sent without a timestamp.
        rng: randomness for the backoff jitter; by default seeded differently in every process,
            on purpose, so that clients spread apart.

    Raises:
        ValueError: at construction, when a setting is invalid (the key is never echoed).
    """

    def __init__(self, url: str, api_key: str, *, batch_size: int = 100, flush_interval: float = 1.0,
                 queue_capacity: int = 10_000, timeout: float = 10.0, max_retries: Optional[int] = None,
                 initial_backoff: float = 0.2, max_backoff: float = 30.0, close_timeout: float = 5.0,
                 flush_at_exit: bool = True,
                 clock: Optional[Callable[[], _dt.datetime]] = None,
                 rng: Optional[random.Random] = None) -> None:
        self.url = _check_url(url)
        _check_api_key(api_key)
        if not isinstance(batch_size, int) or not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}: {batch_size!r}")
        if not isinstance(queue_capacity, int) or queue_capacity < 1:
            raise ValueError(f"queue_capacity must be at least 1: {queue_capacity!r}")
        if max_retries is not None and (not isinstance(max_retries, int) or max_retries < 0):
            raise ValueError(f"max_retries must be None or >= 0 (0 never retries): {max_retries!r}")
        for name, value in (("flush_interval", flush_interval), ("timeout", timeout),
                            ("initial_backoff", initial_backoff), ("max_backoff", max_backoff),
                            ("close_timeout", close_timeout)):
            _check_seconds(name, value)
        self._clock = clock or (lambda: _dt.datetime.now(_dt.timezone.utc))
        settings = Settings(batch_size, float(flush_interval), queue_capacity, max_retries,
                            float(initial_backoff), float(max_backoff), float(close_timeout),
                            join_timeout=float(timeout) + 1.0)
        self._close_timeout = float(close_timeout)
        self._dispatcher = Dispatcher(settings, Transport(self.url, api_key, float(timeout)),
                                      self.url, rng)
        self._exit_hook: Optional[Callable[[], None]] = None
        if flush_at_exit:
            self._exit_hook = _exit_hook(weakref.ref(self))
            atexit.register(self._exit_hook)

    def __repr__(self) -> str:
        return f"Feedloop(url={self.url!r}, api_key=<redacted>)"

    def log_response(self, *, request_id: str, prompt_version: str, user_input: str, llm_output: str,
                     model: Optional[str] = None, session_id: Optional[str] = None,
                     user_id: Optional[str] = None,
                     retrieved_context: Optional[Iterable[Mapping[str, Any]]] = None,
                     tags: Optional[Mapping[str, str]] = None, timestamp: Optional[Timestamp] = None,
                     project: Optional[str] = None) -> bool:
        """Queues one response (one LLM output shown to a user) for ``POST /v1/responses``.

        Args:
            request_id: the response's id, unique in its project; feedback refers to it.
            prompt_version: the prompt template or version that produced the output.
            user_input: what the user asked.
            llm_output: what the model answered.
            model: the model that produced the output.
            session_id: the user's session; needed for re-ask detection.
            user_id: the user; the server stores a pseudonym.
            retrieved_context: the documents put into the prompt, as
                ``[{"doc_id": ..., "text": ..., "score": ...}]`` (text and score optional).
            tags: free labels, string to string.
            timestamp: when it was shown: ISO-8601 with an offset, epoch seconds or an aware
                datetime; now when left out.
            project: the project; by default the API key's.

        Returns:
            True if queued; False if dropped (queue full, client closed) or refused as invalid.
        """
        return self._offer("responses", _records.response, locals())

    def log_feedback(self, *, request_id: str, implicit_signal: Optional[str] = None,
                     explicit_rating: Optional[int] = None, thumbs: Optional[str] = None,
                     edited_output: Optional[str] = None, comment: Optional[str] = None,
                     event_id: Optional[str] = None, timestamp: Optional[Timestamp] = None,
                     project: Optional[str] = None) -> bool:
        """Queues one feedback event (one signal about one response) for ``POST /v1/feedback``.

        At least one of ``implicit_signal``, ``explicit_rating``, ``thumbs`` or ``comment`` is
        needed. Without an ``event_id`` the record gets a random UUID when it is queued, so a
        batch re-sent after a lost answer is still stored once.

        Args:
            request_id: the response this is about (it need not have arrived yet).
            implicit_signal: what the user did: ``accepted``, ``edited``, ``regenerated``,
                ``abandoned`` or ``reasked``.
            explicit_rating: 1 (bad) to 5 (good).
            thumbs: ``up`` or ``down``.
            edited_output: what the user changed the output to (send with ``"edited"``).
            comment: the user's words.
            event_id: the idempotency key; pass your own when the same feedback may be logged
                twice (a replayed log).
            timestamp: when it happened; now when left out.
            project: the project; by default the API key's.

        Returns:
            True if queued; False if dropped or refused as invalid.
        """
        return self._offer("feedback", _records.feedback, locals())

    def log_event(self, *, request_id: str, prompt_version: str, user_input: str, llm_output: str,
                  implicit_signal: Optional[str] = None, explicit_rating: Optional[int] = None,
                  thumbs: Optional[str] = None, edited_output: Optional[str] = None,
                  comment: Optional[str] = None, event_id: Optional[str] = None,
                  model: Optional[str] = None, session_id: Optional[str] = None,
                  user_id: Optional[str] = None,
                  retrieved_context: Optional[Iterable[Mapping[str, Any]]] = None,
                  tags: Optional[Mapping[str, str]] = None, timestamp: Optional[Timestamp] = None,
                  project: Optional[str] = None) -> bool:
        """Queues a one-shot event, a response and its feedback in one record, for
        ``POST /v1/events``.

        The arguments are those of :meth:`log_response` and :meth:`log_feedback`; one
        ``timestamp`` serves both. Without an ``event_id`` the server names the feedback
        ``event:<request_id>``, so a second event for the same request is a duplicate: to record
        several signals for one response, log the response once and each signal as feedback.

        Returns:
            True if queued; False if dropped or refused as invalid.
        """
        return self._offer("events", _records.event, locals())

    def flush(self, timeout: float = 30.0) -> bool:
        """Waits until every record queued before this call is settled (sent, rejected or
        dropped), for at most ``timeout`` seconds; the records keep being delivered after a
        timeout.

        Returns:
            True if everything queued before the call was settled in time.
        """
        return self._dispatcher.flush(_seconds_or(timeout, 30.0))

    def close(self, timeout: Optional[float] = None) -> None:
        """Flushes for at most ``timeout`` seconds (default ``close_timeout``), then stops the
        sender. Records still queued are counted as dropped; later ``log_*`` calls drop their
        record and return False. Calling it again does nothing."""
        if self._exit_hook is not None:
            atexit.unregister(self._exit_hook)
            self._exit_hook = None
        self._dispatcher.close(_seconds_or(timeout, self._close_timeout))

    @property
    def stats(self) -> Stats:
        """A snapshot of the counters: ``sent``, ``dropped``, ``rejected``, ``retries``, ``queued``."""
        return self._dispatcher.stats()

    def __enter__(self) -> "Feedloop":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _offer(self, route: str, build: Callable[[Mapping[str, Any], _dt.datetime], Dict[str, Any]],
               arguments: Dict[str, Any]) -> bool:
        try:
            record = build(arguments, self._clock())
        except InvalidRecord as e:
            self._dispatcher.refuse(e.field, str(e).split(": ", 1)[1])
            return False
        except Exception as e:  # a broken clock or a bug of ours must not reach the application
            self._dispatcher.refuse("record", f"could not be built ({type(e).__name__})")
            return False
        return self._dispatcher.offer(route, record)


def _exit_hook(ref: "weakref.ReferenceType[Feedloop]") -> Callable[[], None]:
    def close_at_exit() -> None:
        client = ref()
        if client is not None:
            try:
                client.close()
            except Exception:  # never fail the interpreter's shutdown
                pass
    return close_at_exit


def _check_url(url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        raise ValueError("url is required, for example https://feedloop.example.com")
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.username is not None or parsed.password is not None:
        # Not echoed: user info may hold a password. The key goes in api_key.
        raise ValueError("url must not contain user info; pass the key as api_key")
    if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.query or parsed.fragment:
        raise ValueError(f"url must be an http or https URL with a host and no query or fragment: {url!r}")
    return url.strip().rstrip("/")


def _check_api_key(api_key: Any) -> None:
    if not isinstance(api_key, str) or not api_key.strip():
        raise ValueError("api_key must be a non-blank string")
    for i, c in enumerate(api_key):
        if c <= " " or c >= "\x7f":
            raise ValueError(f"api_key contains a space, control or non-ASCII character at index {i} "
                             "(the key is not shown); copy it again")


def _check_seconds(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0.001 <= value <= 86_400:
        raise ValueError(f"{name} must be between 0.001 and 86400 seconds: {value!r}")


def _seconds_or(value: Optional[float], default: float) -> float:
    if value is None:
        return default
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return default
