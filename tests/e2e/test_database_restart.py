"""kill -9 of the embedded PostgreSQL under a running server: it comes back by itself, and
meanwhile requests get a typed 'unavailable' answer, never an internal error."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.api_process import interrupt
from tests.e2e.test_cli_and_server import cli, free_port

pytestmark = pytest.mark.slow

QUERY = "{ organizations(first: 1) { edges { node { name } } } }"


def _postmaster_pid(data_dir: Path) -> int | None:
    pid_file = data_dir / "postgres" / "postmaster.pid"
    try:
        return int(pid_file.read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _ask(base: str) -> tuple[int, Any]:
    try:
        response = httpx.post(f"{base}/graphql", json={"query": QUERY}, timeout=10)
    except httpx.TransportError as error:
        return 0, str(error)
    return response.status_code, response.json()


def test_a_killed_embedded_postgres_is_restarted_and_requests_recover(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING", "PORT": str(free_port())})
    env.pop("ENV", None)
    migrated = cli(env, "migrate", timeout=300)
    assert migrated.returncode == 0, migrated.stderr

    log_path = tmp_path / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "innovex", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=log
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + 90
        while _ask(base)[0] != 200:
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "server did not start within 90 s"
            time.sleep(0.3)
        assert _ask(base) == (200, {"data": {"organizations": {"edges": []}}})

        pid = _postmaster_pid(data_dir)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()

        outage: list[tuple[int, Any]] = []
        while True:
            status, body = _ask(base)
            if status == 200 and "errors" not in body:
                break
            outage.append((status, body))
            assert time.monotonic() - killed_at < 60, (outage[-3:], log_path.read_text())
            time.sleep(0.2)
        recovered_after = time.monotonic() - killed_at

        # During the outage: 503 with a typed code and a retry hint, never INTERNAL.
        for status, body in outage:
            assert status == 503, (status, body)
            assert {e["extensions"]["code"] for e in body["errors"]} == {"DATABASE_UNAVAILABLE"}
            assert body["errors"][0]["extensions"]["retryAfterSeconds"] > 0
        # After: the pool holds no dead connections, so every request succeeds.
        assert [_ask(base)[0] for _ in range(5)] == [200] * 5
        assert _postmaster_pid(data_dir) not in (None, pid)
        print(f"recovered {recovered_after:.1f} s after kill -9; {len(outage)} refused requests")
        server_log = log_path.read_text()
        assert "embedded postgres restarted" in server_log
        assert "unexpected error" not in server_log
    finally:
        interrupt(server, 30)
        log.close()
        # Whatever happened, leave no PostgreSQL running on the temporary data directory.
        leftover = _postmaster_pid(data_dir)
        if leftover is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(leftover, signal.SIGKILL)
