"""The demo world sent through the SDK ends in the same database as `feedloop import` of it.

A small world here (14 days, ~40 responses a day, the demo's generator and seed); the script
does the full demo world by hand, see bench/sdk/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

from conftest import REPO, Server, cli, create_key

PROJECT = "wayfarer-assistant"
RESPONSE_COLUMNS = ("project, request_id, ts, prompt_version, model, user_input, llm_output, "
                    "retrieved_context, doc_count, max_retrieval_score, session_id, user_id, tags, reasked")
FEEDBACK_COLUMNS = ("project, event_id, request_id, ts, implicit_signal, explicit_rating, thumbs, "
                    "edited_output, edit_magnitude, figures_edited, comment")


def load_script():
    spec = importlib.util.spec_from_file_location("send_demo_world", REPO / "bench" / "sdk" / "send_demo_world.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(db: Path, table: str, columns: str) -> list:
    """The table's rows; JSON columns parsed, since an object's key order carries no meaning
    (the server keeps the order it received, which differs between its doors)."""
    names = columns.split(", ")
    with sqlite3.connect(db) as c:
        found = c.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
    return [tuple(json.loads(v) if n in ("tags", "retrieved_context") and v is not None else v
                  for n, v in zip(names, row)) for row in found]


def test_demo_world_through_the_sdk_equals_the_import(tmp_path: Path) -> None:
    world = tmp_path / "world"
    cli("simulate", "--out", str(world), "--days", "14", "--per-day", "40")
    files = [world / "responses.jsonl", world / "feedback.jsonl"]
    lines = sum(1 for f in files for line in f.open(encoding="utf-8") if line.strip())

    imported = tmp_path / "imported.db"
    summary = json.loads(cli("import", "--json", "--project", PROJECT, "--db", str(imported), *map(str, files)))
    assert sum(f["stored"] for f in summary) == lines, summary

    sent_db = tmp_path / "sdk.db"
    key = create_key(sent_db, "ingest", PROJECT)
    server = Server(sent_db)
    try:
        stats = load_script().send(files, server.url, key)
    finally:
        server.stop()
    assert (stats.sent, stats.rejected, stats.dropped) == (lines, 0, 0)

    for table, columns in (("responses", RESPONSE_COLUMNS), ("feedback", FEEDBACK_COLUMNS)):
        expected, actual = rows(imported, table, columns), rows(sent_db, table, columns)
        assert len(actual) == len(expected), table
        differing = [(e[1], columns.split(", ")[i], e[i], a[i]) for e, a in zip(expected, actual)
                     for i in range(len(e)) if e[i] != a[i]]
        assert not differing, (table, [d if not isinstance(d[2], str) or len(d[2]) < 80 else d[:2] for d in differing])
