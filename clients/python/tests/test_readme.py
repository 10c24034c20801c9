"""The README's example, run exactly as written against the real server."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import SDK_ROOT, Server


def readme_example() -> str:
    text = (SDK_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks, "README.md has no ```python block"
    return blocks[0]


def test_readme_example_runs_as_written(server: Server, ingest_key: str) -> None:
    code = readme_example()
    env = dict(os.environ, FEEDLOOP_URL=server.url, FEEDLOOP_API_KEY=ingest_key, PYTHONPATH=str(SDK_ROOT))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # no warning: everything was delivered

    request_id = re.search(r'request_id="([^"]+)"', code).group(1)
    stored = server.response(request_id)
    assert stored is not None, "the example's response did not arrive (it relies on the exit flush)"
    assert [f["implicit_signal"] for f in stored["feedback"]] == ["edited"]
