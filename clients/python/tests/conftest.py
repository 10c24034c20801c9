"""Starts the real Feedloop server for the tests; nothing of the server is mocked.

How the server is run (set by the JUnit wrapper feedloop-server/.../sdk/PythonSdkTest.java):
``FEEDLOOP_JAVA`` (the java binary), ``FEEDLOOP_CLASSPATH`` and ``FEEDLOOP_MAIN``; without them,
``java -jar feedloop-server/target/feedloop-server.jar`` (build it with ``./feedloop --version``).
"""

from __future__ import annotations

import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

HERE = Path(__file__).resolve().parent
SDK_ROOT = HERE.parent
REPO = SDK_ROOT.parent.parent
sys.path.insert(0, str(SDK_ROOT))

ADMIN_KEY = "sdk-test-admin-" + secrets.token_hex(8)
PSEUDONYM_SECRET = "sdk-test-pseudonym-secret-0123456789"


def feedloop_command() -> List[str]:
    """The command line that runs Feedloop's CLI (``serve``, ``keys``, ``import``, ...)."""
    java = os.environ.get("FEEDLOOP_JAVA", "java")
    # Short-lived test JVMs: the C1 compiler only and the serial collector start fastest.
    jvm = ["-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    classpath = os.environ.get("FEEDLOOP_CLASSPATH")
    if classpath:
        return [java, *jvm, "-cp", classpath, os.environ.get("FEEDLOOP_MAIN", "dev.feedloop.cli.Main")]
    jar = Path(os.environ.get("FEEDLOOP_JAR", REPO / "feedloop-server" / "target" / "feedloop-server.jar"))
    if not jar.is_file():
        pytest.fail(f"no Feedloop server to test against: {jar} is missing. Build it with "
                    "`./feedloop --version`, or set FEEDLOOP_CLASSPATH (the JUnit wrapper does).")
    return [java, *jvm, "-jar", str(jar)]


def server_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment of every Feedloop process here: quiet, no scheduled jobs, fixed secrets."""
    env = dict(os.environ)
    for name in [n for n in env if n.startswith("FEEDLOOP_") and n not in
                 ("FEEDLOOP_JAVA", "FEEDLOOP_CLASSPATH", "FEEDLOOP_MAIN", "FEEDLOOP_JAR")]:
        del env[name]
    env.update({"FEEDLOOP_API_KEY": ADMIN_KEY, "FEEDLOOP_PSEUDONYM_SECRET": PSEUDONYM_SECRET,
                "FEEDLOOP_TRIAGE_EVERY": "PT0S", "FEEDLOOP_VERIFY_EVERY": "PT0S",
                "FEEDLOOP_ROUTE_EVERY": "PT0S", "FEEDLOOP_LOG_LEVEL": "WARN",
                "FEEDLOOP_EMBEDDING_THREADS": "1"})
    env.update(extra or {})
    return env


def cli(*args: str) -> str:
    """Runs one CLI command to completion and returns its standard output."""
    done = subprocess.run(feedloop_command() + list(args), env=server_env(), capture_output=True,
                          text=True, timeout=300)
    if done.returncode not in (0, 3):
        raise AssertionError(f"feedloop {args[0]} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def create_key(db: Path, scope: str = "ingest", project: str = "default") -> str:
    return cli("keys", "create", "--scope", scope, "--project", project, "--db", str(db)).strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One ``feedloop serve`` process on its own database."""

    def __init__(self, db: Path, port: int = 0) -> None:
        self.db = db
        self.process = subprocess.Popen(
            feedloop_command() + ["serve", "--db", str(db), "--port", str(port)], env=server_env(),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = self._await_url()

    def _await_url(self) -> str:
        found: List[str] = []
        lines: List[str] = []

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                lines.append(line)
                if "is serving http://" in line and not found:
                    found.append(line.split("is serving ", 1)[1].split(" ", 1)[0])
        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + 90
        while not found and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.05)
        if not found:
            self.stop()
            raise AssertionError("feedloop serve did not start:\n" + "".join(lines[-30:]))
        return found[0]

    def get(self, path: str) -> Optional[dict]:
        """An admin GET; None on 404."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": "Bearer " + ADMIN_KEY})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def response(self, request_id: str) -> Optional[dict]:
        return self.get("/v1/responses/" + urllib.request.quote(request_id, safe=""))

    def stop(self) -> None:
        """Stops the server cleanly: it moves its inbox into the database before exiting."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("server") / "feedloop.db"
    s = Server(db)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def ingest_key(server: Server) -> str:
    # keys create writes to the database beside the running server, which reads keys from it.
    return create_key(server.db)


class Proxy:
    """A tiny HTTP proxy in front of the real server: fails the first ``fail_first`` POSTs
    with ``fail_status`` and records every request's path."""

    def __init__(self, upstream: str, fail_first: int = 0, fail_status: int = 500,
                 port: int = 0) -> None:
        self.upstream = upstream
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.paths: List[str] = []
        self.failed = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                proxy.paths.append(self.path)
                if proxy.failed < proxy.fail_first:
                    proxy.failed += 1
                    self._answer(proxy.fail_status, b'{"error":"internal_error","field":null,'
                                 b'"message":"injected by the test proxy"}', {})
                    return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() in ("authorization", "content-type", "accept")}
                request = urllib.request.Request(proxy.upstream + self.path, data=body,
                                                 headers=headers, method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        self._answer(answer.status, answer.read(), {})
                except urllib.error.HTTPError as e:
                    self._answer(e.code, e.read(), {})

            def _answer(self, status: int, body: bytes, headers: Dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
