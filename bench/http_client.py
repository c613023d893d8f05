"""A minimal HTTP/1.1 keep-alive client for load generation.

The client shares the 2 cores with the servers it measures: httpx spends about as much CPU per
request as a small endpoint does, which would cap and blur the very ratios the benches report.
This client writes pre-encoded requests and reads `Content-Length` bodies, nothing else.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from collections import Counter
from typing import Any


def post_json(path: str, payload: Any) -> bytes:
    body = json.dumps(payload).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n"
        f"accept: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nhost: bench\r\n\r\n".encode()


class Pool:
    """`size` keep-alive connections to one port, used in turn (first in, first out): with
    several server processes accepting on one socket, each connection sticks to the process
    that accepted it, and cycling through more connections than clients spreads the requests."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.size = size
        self._idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def open(self) -> Pool:
        for _ in range(self.size):
            self._idle.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))
        return self

    async def open_balanced(self, processes: int, attempts: int = 400) -> Pool:
        """`size` connections spread evenly over the `processes` server processes that accept
        on the port, as a load balancer in front of them would spread clients. (Processes
        sharing one listening socket race for connections: one that wakes up first accepts a
        whole burst.) Connections to a process that already has its share are dropped."""
        share = -(-self.size // processes)
        per: Counter[int] = Counter()
        for _ in range(attempts):
            if self._idle.qsize() >= self.size:
                break
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            self._idle.put_nowait((reader, writer))
            await self.send(get("/healthz"))  # accepted and served
            reader, writer = self._idle.get_nowait()
            pid = _server_pid(self.port, writer.get_extra_info("sockname")[1])
            if per[pid] < share:
                per[pid] += 1
                self._idle.put_nowait((reader, writer))
            else:
                writer.close()
        if len(per) != processes or self._idle.qsize() < self.size:
            raise RuntimeError(f"could not spread connections over {processes}: {dict(per)}")
        return self

    async def close(self) -> None:
        while not self._idle.empty():
            _, writer = self._idle.get_nowait()
            writer.close()

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        reader, writer = await self._idle.get()
        try:
            writer.write(raw)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
        except BaseException:
            writer.close()
            self._idle.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))
            raise
        self._idle.put_nowait((reader, writer))
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:300]!r}")
        return status, body


def _server_pid(server_port: int, client_port: int) -> int:
    """The process holding the server side of one connection (ss, from iproute2)."""
    out = subprocess.run(
        [
            "ss",
            "-tnpH",
            "state",
            "established",
            f"( sport = :{server_port} and dport = :{client_port} )",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"pid=(\d+)", out)
    if found is None:
        raise RuntimeError(f"no server process found for port {client_port}: {out!r}")
    return int(found.group(1))
