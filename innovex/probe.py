"""Waiting for a server started in another process (tests, benchmarks) to answer."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx


class ServerDidNotStart(RuntimeError):
    pass


def wait_until_healthy(
    base: str, process: subprocess.Popen[bytes], *, seconds: float, log: Path | None = None
) -> None:
    """Poll `base`/healthz until it answers 200; fail early, with the server's log, when the
    process exits, and after `seconds` at the latest."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise ServerDidNotStart(log.read_text() if log else f"exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"server did not start within {seconds:g} s")
        time.sleep(0.2)
