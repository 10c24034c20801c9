"""The SDK against the real server: delivery, batching, outages, refusals and the bound."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import uuid

from conftest import ADMIN_KEY, SDK_ROOT, Proxy, Server, free_port, wait_until

from feedloop import Feedloop

FAST = dict(flush_interval=0.05, initial_backoff=0.02, max_backoff=0.1, close_timeout=5.0,
            flush_at_exit=False)


def rid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def test_records_are_delivered_with_every_field(server: Server, ingest_key: str) -> None:
    r1, r2 = rid("resp"), rid("event")
    with Feedloop(server.url, ingest_key, **FAST) as feedloop:
        assert feedloop.log_response(
            request_id=r1, prompt_version="support-v3", user_input="How do I change my flight?",
            llm_output="Open My Trips and choose Change.", model="gpt-x", session_id="s-1",
            user_id="alice", tags={"channel": "web"}, timestamp="2026-11-20T09:30:00Z",
            retrieved_context=[{"doc_id": "kb-12", "text": "Changes are free.", "score": 0.82}])
        assert feedloop.log_feedback(request_id=r1, implicit_signal="edited", event_id="e-" + r1,
                                     edited_output="Open My Trips, choose the flight, then Change.")
        assert feedloop.log_feedback(request_id=r1, explicit_rating=2, thumbs="down", comment="meh")
        assert feedloop.log_event(request_id=r2, prompt_version="support-v3", user_input="Cancel my hotel",
                                  llm_output="Sure.", implicit_signal="abandoned", timestamp=1795000000)
        assert feedloop.flush(10)
        assert feedloop.stats.sent == 4 and feedloop.stats.queued == 0

    stored = server.response(r1)
    assert stored is not None
    assert stored["timestamp"] == "2026-11-20T09:30:00Z"
    assert (stored["model"], stored["session_id"], stored["tags"]) == ("gpt-x", "s-1", {"channel": "web"})
    assert stored["user_id"].startswith("u_")
    assert stored["retrieved_context"][0]["doc_id"] == "kb-12"
    by_signal = {f.get("implicit_signal") or "rating": f for f in stored["feedback"]}
    assert by_signal["edited"]["event_id"] == "e-" + r1
    assert by_signal["edited"]["edit_magnitude"] > 0
    assert by_signal["rating"]["explicit_rating"] == 2 and by_signal["rating"]["thumbs"] == "down"
    event = server.response(r2)
    assert event is not None and event["feedback"][0]["event_id"] == "event:" + r2


def test_records_travel_in_batches_of_batch_size(server: Server, ingest_key: str) -> None:
    proxy = Proxy(server.url)
    try:
        feedloop = Feedloop(proxy.url, ingest_key, batch_size=50, flush_interval=5.0, flush_at_exit=False)
        ids = [rid("batch") for _ in range(120)]
        for i in ids:
            feedloop.log_response(request_id=i, prompt_version="v1", user_input="q", llm_output="a")
        # Two full batches go at once; the last 20 wait for the flush, not for flush_interval.
        assert wait_until(lambda: feedloop.stats.sent == 100, timeout=4)
        started = time.monotonic()
        assert feedloop.flush(10)
        assert time.monotonic() - started < 2
        feedloop.close()
        assert proxy.paths == ["/v1/responses"] * 3
        assert feedloop.stats.sent == 120
        assert server.response(ids[-1]) is not None
    finally:
        proxy.close()


def test_a_batch_posts_responses_before_feedback(server: Server, ingest_key: str) -> None:
    proxy = Proxy(server.url)
    try:
        feedloop = Feedloop(proxy.url, ingest_key, batch_size=10, flush_interval=5.0, flush_at_exit=False)
        r = rid("order")
        feedloop.log_feedback(request_id=r, thumbs="up")
        feedloop.log_response(request_id=r, prompt_version="v1", user_input="q", llm_output="a")
        feedloop.close()
        assert proxy.paths == ["/v1/responses", "/v1/feedback"]
        assert feedloop.stats.sent == 2
    finally:
        proxy.close()


def test_server_down_then_up_delivers_everything(tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    feedloop = Feedloop(url, ADMIN_KEY, **FAST)
    ids = [rid("outage") for _ in range(5)]
    for i in ids:
        assert feedloop.log_response(request_id=i, prompt_version="v1", user_input="q", llm_output="a")
    assert wait_until(lambda: feedloop.stats.retries >= 3)
    assert feedloop.stats.queued == 5 and feedloop.stats.sent == 0

    server = Server(tmp_path / "late.db", port=port)
    try:
        assert feedloop.flush(30)
        assert feedloop.stats.sent == 5 and feedloop.stats.dropped == 0
        assert all(server.response(i) is not None for i in ids)
    finally:
        feedloop.close()
        server.stop()


def test_500_then_accept_retries_until_stored(server: Server, ingest_key: str) -> None:
    proxy = Proxy(server.url, fail_first=3)
    try:
        with Feedloop(proxy.url, ingest_key, **FAST) as feedloop:
            r = rid("flaky")
            feedloop.log_response(request_id=r, prompt_version="v1", user_input="q", llm_output="a")
            assert feedloop.flush(10)
            assert feedloop.stats.retries == 3 and feedloop.stats.sent == 1
        assert proxy.paths == ["/v1/responses"] * 4
        assert server.response(r) is not None
    finally:
        proxy.close()


def test_400_is_reported_once_and_not_retried(server: Server, ingest_key: str, caplog) -> None:
    proxy = Proxy(server.url)
    caplog.set_level(logging.INFO, logger="feedloop")
    try:
        with Feedloop(proxy.url, ingest_key, batch_size=2, **FAST) as feedloop:
            # Three years ahead: the server refuses timestamps more than a day in the future,
            # a rule the client leaves to it.
            for _ in range(4):
                feedloop.log_feedback(request_id=rid("bad"), thumbs="down", timestamp="2099-01-01T00:00:00Z")
                feedloop.flush(10)
            assert feedloop.stats.rejected == 4 and feedloop.stats.retries == 0
        assert proxy.paths == ["/v1/feedback"] * 4
        warnings = [r.getMessage() for r in caplog.records if "HTTP 400" in r.getMessage()]
        assert len(warnings) == 1, warnings
        assert "invalid_items" in warnings[0]
        assert ingest_key not in caplog.text
    finally:
        proxy.close()


def test_items_the_server_refuses_in_a_202_are_counted_rejected(server: Server, ingest_key: str) -> None:
    with Feedloop(server.url, ingest_key, batch_size=10, flush_interval=5.0, flush_at_exit=False) as feedloop:
        good = rid("good")
        feedloop.log_feedback(request_id=good, implicit_signal="accepted")
        feedloop.log_feedback(request_id=rid("bad"), implicit_signal="accepted", timestamp="2099-01-01T00:00:00Z")
        assert feedloop.flush(10)
        assert (feedloop.stats.sent, feedloop.stats.rejected) == (1, 1)


def test_a_wrong_key_is_refused_once_and_never_echoed(server: Server, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="feedloop")
    wrong = "fl_000000000000_" + "0" * 64
    with Feedloop(server.url, wrong, **FAST) as feedloop:
        feedloop.log_feedback(request_id=rid("k"), thumbs="up")
        assert feedloop.flush(10)
        assert (feedloop.stats.rejected, feedloop.stats.retries) == (1, 0)
    assert "HTTP 401" in caplog.text and "api_key" in caplog.text
    assert wrong not in caplog.text


def test_invalid_values_never_raise_and_are_counted(server: Server, ingest_key: str, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="feedloop")
    with Feedloop(server.url, ingest_key, **FAST) as feedloop:
        secret_text = "my card is 4111 1111 1111 1111"
        assert not feedloop.log_feedback(request_id="r", explicit_rating=9, comment=secret_text)
        assert not feedloop.log_feedback(request_id="r")
        assert not feedloop.log_response(request_id=None, prompt_version="v", user_input="q",  # type: ignore[arg-type]
                                         llm_output="a")
        assert not feedloop.log_feedback(request_id="r", thumbs="up", timestamp=object())  # type: ignore[arg-type]
        assert feedloop.stats.rejected == 4
    assert secret_text not in caplog.text


def test_the_bound_drops_and_counts_without_blocking() -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    feedloop = Feedloop(dead, "any-key", queue_capacity=10, batch_size=5, flush_at_exit=False,
                        flush_interval=0.01, initial_backoff=0.05, max_backoff=0.2)
    slowest = 0.0
    results = []
    for i in range(15):
        started = time.monotonic()
        results.append(feedloop.log_response(request_id=f"b-{i}", prompt_version="v", user_input="q",
                                             llm_output="a"))
        slowest = max(slowest, time.monotonic() - started)
    assert results == [True] * 10 + [False] * 5
    assert slowest < 0.05
    assert (feedloop.stats.queued, feedloop.stats.dropped) == (10, 5)
    started = time.monotonic()
    assert not feedloop.flush(0.2)
    feedloop.close(0.2)
    assert time.monotonic() - started < 3
    assert (feedloop.stats.queued, feedloop.stats.dropped, feedloop.stats.sent) == (0, 15, 0)
    assert not feedloop.log_feedback(request_id="late", thumbs="up")
    assert feedloop.stats.dropped == 16


def test_max_retries_gives_up_and_counts_dropped() -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with Feedloop(dead, "any-key", max_retries=2, **FAST) as feedloop:
        feedloop.log_feedback(request_id="r", thumbs="up")
        assert feedloop.flush(5)
        assert (feedloop.stats.retries, feedloop.stats.dropped) == (2, 1)


def test_records_are_flushed_at_interpreter_exit(server: Server, ingest_key: str) -> None:
    r = rid("atexit")
    script = (
        "import feedloop, sys\n"
        f"f = feedloop.Feedloop({server.url!r}, sys.argv[1], flush_interval=30)\n"
        f"f.log_response(request_id={r!r}, prompt_version='v1', user_input='q', llm_output='a')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, ingest_key], cwd=SDK_ROOT, timeout=30,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert server.response(r) is not None
