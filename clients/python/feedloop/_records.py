"""Builds the wire form of records (docs/records.md) and checks what the client can check cheaply.

The server is the authority on every rule; the client checks only what would make a whole
batch fail or what a caller most often gets wrong, so a mistake is reported at once and one
bad record cannot poison the batch it would travel in.
"""

from __future__ import annotations

import datetime as _dt
import math
import uuid
from typing import Any, Dict, Iterable, Mapping, Optional, Union

Timestamp = Union[str, int, float, _dt.datetime]
"""An ISO-8601 string with an offset, epoch seconds, or an aware ``datetime``."""

IMPLICIT_SIGNALS = frozenset({"accepted", "edited", "regenerated", "abandoned", "reasked"})
THUMBS = frozenset({"up", "down"})
MAX_ID_LENGTH = 200


class InvalidRecord(ValueError):
    """A record the client refuses before queueing it; names the field, never its value."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field


def _identifier(field: str, value: Any, required: bool = True) -> Optional[str]:
    if value is None:
        if required:
            raise InvalidRecord(field, "is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidRecord(field, "must be a non-blank string")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidRecord(field, f"must be at most {MAX_ID_LENGTH} characters")
    return value


def _text(field: str, value: Any, required: bool = False) -> Optional[str]:
    if value is None:
        if required:
            raise InvalidRecord(field, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidRecord(field, "must be a string")
    return value


def wire_timestamp(value: Optional[Timestamp], now: _dt.datetime) -> Union[str, int, float]:
    """The timestamp as the server reads it; ``now`` (UTC) when none is given."""
    if value is None:
        value = now
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise InvalidRecord("timestamp", "a datetime needs a timezone (use datetime.now(timezone.utc))")
        return value.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, bool):
        raise InvalidRecord("timestamp", "must be an ISO-8601 string, epoch seconds or a datetime")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise InvalidRecord("timestamp", "must be a finite number of epoch seconds")
        return value
    if isinstance(value, str):
        return value
    raise InvalidRecord("timestamp", "must be an ISO-8601 string, epoch seconds or a datetime")


def _context(value: Optional[Iterable[Mapping[str, Any]]]) -> Optional[list]:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidRecord("retrieved_context", "must be a list of {doc_id, text?, score?} objects")
    docs = []
    for i, doc in enumerate(value):
        if not isinstance(doc, Mapping):
            raise InvalidRecord(f"retrieved_context[{i}]", "must be an object with doc_id")
        docs.append(dict(doc))
    return docs


def _put(record: Dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        record[name] = value


def response(fields: Mapping[str, Any], now: _dt.datetime) -> Dict[str, Any]:
    """A response record for ``POST /v1/responses``."""
    record: Dict[str, Any] = {
        "request_id": _identifier("request_id", fields.get("request_id")),
        "timestamp": wire_timestamp(fields.get("timestamp"), now),
        "prompt_version": _identifier("prompt_version", fields.get("prompt_version")),
        "user_input": _text("user_input", fields.get("user_input"), required=True),
        "llm_output": _text("llm_output", fields.get("llm_output"), required=True),
    }
    _put(record, "project", _identifier("project", fields.get("project"), required=False))
    _put(record, "model", _identifier("model", fields.get("model"), required=False))
    _put(record, "session_id", _identifier("session_id", fields.get("session_id"), required=False))
    _put(record, "user_id", _identifier("user_id", fields.get("user_id"), required=False))
    _put(record, "retrieved_context", _context(fields.get("retrieved_context")))
    tags = fields.get("tags")
    if tags is not None:
        if not isinstance(tags, Mapping):
            raise InvalidRecord("tags", "must be a mapping of strings to strings")
        record["tags"] = dict(tags)
    return record


def _signals(fields: Mapping[str, Any], record: Dict[str, Any]) -> None:
    signal = fields.get("implicit_signal")
    if signal is not None and signal not in IMPLICIT_SIGNALS:
        raise InvalidRecord("implicit_signal", "must be one of " + ", ".join(sorted(IMPLICIT_SIGNALS)))
    rating = fields.get("explicit_rating")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise InvalidRecord("explicit_rating", "must be an integer from 1 (bad) to 5 (good)")
    thumbs = fields.get("thumbs")
    if thumbs is not None and thumbs not in THUMBS:
        raise InvalidRecord("thumbs", "must be 'up' or 'down'")
    comment = _text("comment", fields.get("comment"))
    if signal is None and rating is None and thumbs is None and comment is None:
        raise InvalidRecord("implicit_signal", "feedback needs at least one of implicit_signal, "
                            "explicit_rating, thumbs or comment")
    _put(record, "implicit_signal", signal)
    _put(record, "explicit_rating", rating)
    _put(record, "thumbs", thumbs)
    _put(record, "edited_output", _text("edited_output", fields.get("edited_output")))
    _put(record, "comment", comment)


def feedback(fields: Mapping[str, Any], now: _dt.datetime) -> Dict[str, Any]:
    """A feedback record for ``POST /v1/feedback``.

    Without an ``event_id`` it gets a random UUID here, once, so a batch re-sent after a lost
    answer is stored once (docs/records.md, Idempotency).
    """
    event_id = _identifier("event_id", fields.get("event_id"), required=False)
    record: Dict[str, Any] = {
        "event_id": event_id if event_id is not None else str(uuid.uuid4()),
        "request_id": _identifier("request_id", fields.get("request_id")),
        "timestamp": wire_timestamp(fields.get("timestamp"), now),
    }
    _put(record, "project", _identifier("project", fields.get("project"), required=False))
    _signals(fields, record)
    return record


def event(fields: Mapping[str, Any], now: _dt.datetime) -> Dict[str, Any]:
    """A one-shot event (response and feedback in one record) for ``POST /v1/events``.

    Without an ``event_id`` the server names its feedback ``event:<request_id>``, which is
    already stable across retries, so none is invented here.
    """
    record = response(fields, now)
    _put(record, "event_id", _identifier("event_id", fields.get("event_id"), required=False))
    _signals(fields, record)
    return record
