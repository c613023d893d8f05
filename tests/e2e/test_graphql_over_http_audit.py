"""The GraphQL-over-HTTP conformance audit of the `graphql-http` npm package (`auditServer`)
against the real server (uvicorn on 127.0.0.1): no errors and no warnings.

The package is installed by `make install` into tests/http_audit/node_modules (gitignored; the
versions are pinned by the committed package-lock.json)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_cli_and_server import free_port

pytestmark = pytest.mark.slow

AUDIT_DIR = Path(__file__).resolve().parent.parent / "http_audit"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed: the GraphQL-over-HTTP audit needs Node.js 18+")
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        pytest.skip(
            "graphql-http is not installed: run `make install` (npm ci in tests/http_audit)"
        )
    return found


@pytest.fixture(scope="module")
def graphql_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API served by `innovex serve` (uvicorn) on a free port of 127.0.0.1."""
    data_dir = tmp_path_factory.mktemp("audit-data")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "innovex", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "server did not start within 60 s"
            time.sleep(0.3)
        yield f"{base}/graphql"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_graphql_over_http_audit_passes_without_warnings(node: str, graphql_url: str) -> None:
    result = subprocess.run(
        [node, str(AUDIT_DIR / "audit.mjs"), graphql_url],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == [], json.dumps(report, indent=1, ensure_ascii=False)
    assert report["counts"]["warn"] == 0
    assert report["counts"]["error"] == 0
    assert report["counts"]["ok"] > 50
