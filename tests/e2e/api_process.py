"""The API as an operator runs it: `innovex serve` (uvicorn) on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from innovex.mail import free_port
from innovex.probe import wait_until_healthy

__all__ = ["free_port", "interrupt", "serving"]


def interrupt(server: subprocess.Popen[bytes], seconds: float) -> int | None:
    """Ctrl-C for a server: its exit code, or None when it still ran after `seconds` and was
    killed."""
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return None


@contextmanager
def serving(
    database_url: str, data_dir: Path, *, clean_stop: bool = False, **env_overrides: str
) -> Iterator[str]:
    """Yields the base URL once /healthz answers; stops the server (SIGINT) on exit, and with
    `clean_stop` checks that it exited 0 without logging an error on the way."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **env_overrides,
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
        wait_until_healthy(base, server, seconds=60, log=log_path)
        yield base
    finally:
        code = interrupt(server, 20)
    if clean_stop:
        assert code == 0, log_path.read_text()[-2000:]
        assert '"ERROR"' not in log_path.read_text()
