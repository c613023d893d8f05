"""`innovex serve --workers N`: N API processes on one port, the outbox worker in its own."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from innovex.probe import wait_until_healthy
from innovex.processes import NoDelayConfig
from tests.conftest import unmigrated_database
from tests.e2e.api_process import interrupt
from tests.e2e.test_cli_and_server import cli, free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with unmigrated_database(server_url, f"innovex_e2e_workers_{os.getpid()}") as url:
        yield {
            **os.environ,
            "DATABASE_URL": url,
            "DATA_DIR": str(tmp_path_factory.mktemp("data")),
            "LOG_LEVEL": "WARNING",
            "PORT": str(free_port()),
        }


def children(pid: int) -> list[str]:
    """Command lines of the direct children of `pid`."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            out.append(cmdline.decode())
    return out


def test_two_api_processes_and_a_worker_process_serve_and_stop(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert cli(env, "migrate").returncode == 0
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "innovex", "serve", "--workers", "2", "--with-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_until_healthy(base, server, seconds=120, log=log_path)
        answers = [
            httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, timeout=10).json()
            for _ in range(10)
        ]
        processes = children(server.pid)
    finally:
        code = interrupt(server, 40)

    assert answers == [{"data": {"__typename": "Query"}}] * 10
    assert sum("spawn_main" in p for p in processes) == 2, processes
    assert sum(p.endswith("-m innovex worker ") for p in processes) == 1, processes
    assert code == 0, log_path.read_text()
    assert '"level": "ERROR"' not in log_path.read_text()  # pools closed, not cancelled


async def test_connections_to_several_processes_have_nagle_off() -> None:
    """The processes' shared socket is bound as TCP, so asyncio turns Nagle's algorithm off on
    every connection they accept: with it on, a response's last segment waited for the client's
    delayed ACK (40 ms stalls on keep-alive connections; uvicorn's own binding, protocol 0)."""
    listener = NoDelayConfig("innovex.processes:app_from_environment", port=0).bind_socket()
    nodelay: asyncio.Queue[int] = asyncio.Queue()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            nodelay.put_nowait(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
        try:
            assert await asyncio.wait_for(nodelay.get(), timeout=10) != 0
        finally:
            writer.close()
    finally:
        server.close()
