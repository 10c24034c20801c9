"""One HTTP POST of one batch, sorted into an acknowledgement, a retriable or a fatal failure."""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import List, Optional

from . import __version__

USER_AGENT = f"feedloop-python/{__version__}"

# 408 (the server gave up waiting) and 429 (rate limited) may pass; every other 4xx is the
# batch's or the configuration's fault and would fail the same way again.
RETRIABLE_4XX = frozenset({408, 429})

# A Retry-After beyond this is taken for a misconfiguration and clamped.
MAX_RETRY_AFTER = 600.0


@dataclass(frozen=True)
class Ack:
    """What a 202 said: how many were stored or duplicates, and the indexes it refused."""

    rejected: List[dict]


class Retriable(Exception):
    """Worth trying again later: refused connection, timeout, 5xx, 408, 429."""

    def __init__(self, reason: str, retry_after: Optional[float] = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Fatal(Exception):
    """The server refused the batch (a 4xx other than 408 and 429); resending cannot help."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def parse_retry_after(value: Optional[str], now: float) -> Optional[float]:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(int(value))
        return None if seconds < 0 else min(seconds, MAX_RETRY_AFTER)
    except ValueError:
        pass
    try:
        at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if at is None or at.tzinfo is None:
        return None
    return min(max(0.0, at.timestamp() - now), MAX_RETRY_AFTER)


def backoff_delay(attempt: int, initial: float, maximum: float, rng: random.Random,
                  retry_after: Optional[float] = None) -> float:
    """Wait before retry number ``attempt`` (1-based): exponential backoff with full jitter.

    The n-th retry waits a uniform random time in ``[0, min(maximum, initial * 2**(n-1))]``
    (Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015: full jitter
    spreads a crowd of clients best). A server's Retry-After is a floor.
    """
    ceiling = maximum if attempt > 60 else min(maximum, initial * (2 ** (attempt - 1)))
    delay = rng.uniform(0.0, ceiling)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def server_message(body: bytes) -> str:
    """The ``message`` of an error body; the body itself may echo user text, so nothing else."""
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "(no message)"
    if isinstance(parsed, dict):
        error, field = parsed.get("error"), parsed.get("field")
        message = parsed.get("message")
        parts = [p for p in (error, f"field {field}" if field else None) if isinstance(p, str)]
        if isinstance(message, str):
            parts.append(message)
        if parts:
            return ": ".join(parts)
    return "(no message)"


class Transport:
    """Posts JSON batches to ``<url>/v1/<route>`` with the bearer key; never logs either."""

    def __init__(self, url: str, api_key: str, timeout: float) -> None:
        self._base = url.rstrip("/")
        self._authorization = "Bearer " + api_key
        self._timeout = timeout
        # No redirects: a redirected POST would lose its body or its key.
        self._opener = urllib.request.build_opener(_NoRedirect)

    def post(self, route: str, records: List[dict]) -> Ack:
        """Sends one batch.

        Raises:
            Retriable: connection trouble, timeouts, 5xx, 408, 429.
            Fatal: any other non-2xx answer.
        """
        body = json.dumps(records, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
        request = urllib.request.Request(
            f"{self._base}/v1/{route}", data=body, method="POST",
            headers={"Authorization": self._authorization, "Content-Type": "application/json",
                     "Accept": "application/json", "User-Agent": USER_AGENT})
        try:
            with self._opener.open(request, timeout=self._timeout) as answer:
                return _ack(answer.read())
        except urllib.error.HTTPError as e:
            status = e.code
            payload = e.read() if e.fp is not None else b""
            if status >= 500 or status in RETRIABLE_4XX:
                retry_after = parse_retry_after(e.headers.get("Retry-After") if e.headers else None,
                                                time.time())
                raise Retriable(f"HTTP {status}", retry_after) from None
            raise Fatal(status, server_message(payload)) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, socket.timeout) as e:
            # Only the class and errno-style reason: the request (and its key) stays out of it.
            reason = getattr(e, "reason", None)
            detail = type(reason).__name__ if isinstance(reason, BaseException) else type(e).__name__
            raise Retriable(detail) from None


def _ack(body: bytes) -> Ack:
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        # Accepted but unreadable: the server took the batch, so counting it as sent is honest.
        return Ack([])
    rejected = parsed.get("rejected") if isinstance(parsed, dict) else None
    return Ack([r for r in rejected if isinstance(r, dict)] if isinstance(rejected, list) else [])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        return None
