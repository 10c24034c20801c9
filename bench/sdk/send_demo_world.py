#!/usr/bin/env python3
"""Sends a simulated world's JSONL files (`feedloop demo --out DIR` or `feedloop simulate`)
through the Python SDK to a running server, every record as the file has it.

    FEEDLOOP_API_KEY=<ingest key of project wayfarer-assistant> \
      python3 bench/sdk/send_demo_world.py --url http://127.0.0.1:8080 DIR/responses.jsonl DIR/feedback.jsonl

Prints what the client counted and how long it took. See bench/sdk/README.md for the comparison
with `feedloop import` of the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Iterable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))

from feedloop import Feedloop, Stats  # noqa: E402

SIGNALS = ("implicit_signal", "explicit_rating", "thumbs", "comment")


def kind(record: dict) -> str:
    """The record's shape: its ``type``, or as `feedloop import` classifies a line without one."""
    if "type" in record:
        return record["type"]
    if "llm_output" in record:
        return "event" if any(s in record for s in SIGNALS) else "response"
    return "feedback"


def send(files: Iterable[Path], url: str, api_key: str, batch_size: int = 500) -> Stats:
    """Logs every record of ``files`` through one client, then closes it and returns its stats."""
    feedloop = Feedloop(url, api_key, batch_size=batch_size, queue_capacity=100_000,
                        close_timeout=600, flush_at_exit=False)
    log = {"response": feedloop.log_response, "feedback": feedloop.log_feedback,
           "event": feedloop.log_event}
    for file in files:
        with open(file, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    log[kind(record)](**{k: v for k, v in record.items() if k != "type"})
    feedloop.close()
    return feedloop.stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("FEEDLOOP_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    started = time.monotonic()
    stats = send(args.files, args.url, os.environ["FEEDLOOP_API_KEY"], args.batch_size)
    elapsed = time.monotonic() - started
    total = stats.sent + stats.rejected + stats.dropped
    print(f"sent {stats.sent}, rejected {stats.rejected}, dropped {stats.dropped}, "
          f"retries {stats.retries} in {elapsed:.1f} s ({total / elapsed:,.0f} records/s)")
    return 0 if stats.rejected == 0 and stats.dropped == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
