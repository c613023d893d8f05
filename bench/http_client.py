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
from itertools import zip_longest
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


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class Pool:
    """`size` keep-alive connections to one port, used in turn (first in, first out): with
    several server processes accepting on one socket, each connection sticks to the process
    that accepted it, and cycling through more connections than clients spreads the requests."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.size = size
        self._idle: asyncio.Queue[Connection] = asyncio.Queue()
        # Balanced pools: the server process each connection must stay with.
        self._owner: dict[asyncio.StreamWriter, int] = {}

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
        kept: dict[int, list[Connection]] = {}
        for _ in range(attempts):
            if sum(map(len, kept.values())) >= self.size:
                break
            connection, pid = await self._accepted()
            if len(kept.setdefault(pid, [])) < share:
                kept[pid].append(connection)
                self._owner[connection[1]] = pid
            else:
                connection[1].close()
        per = {pid: len(connections) for pid, connections in kept.items()}
        if len(per) != processes or sum(per.values()) < self.size:
            raise RuntimeError(f"could not spread connections over {processes}: {per}")
        # Queued in turn (A, B, A, B, ...): the connections are used first in, first out, so
        # concurrent requests go to different processes instead of a block of one process's.
        for turn in zip_longest(*kept.values()):
            for connection in turn:
                if connection is not None:
                    self._idle.put_nowait(connection)
        return self

    async def _accepted(self) -> tuple[Connection, int]:
        """A new connection, once served (so accepted), and the process that holds it."""
        connection = await asyncio.open_connection("127.0.0.1", self.port)
        await _exchange(connection, get("/healthz"))
        return connection, _server_pid(self.port, connection[1].get_extra_info("sockname")[1])

    async def _replacement(self, old: asyncio.StreamWriter, attempts: int = 100) -> Connection:
        """A new connection in place of `old`, to the same server process if it had one."""
        old.close()
        owner = self._owner.pop(old, None)
        if owner is None:
            return await asyncio.open_connection("127.0.0.1", self.port)
        for _ in range(attempts):
            connection, pid = await self._accepted()
            if pid == owner:
                self._owner[connection[1]] = pid
                return connection
            connection[1].close()
        raise RuntimeError(f"could not reconnect to server process {owner}")

    async def close(self) -> None:
        while not self._idle.empty():
            _, writer = self._idle.get_nowait()
            writer.close()

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        connection = await self._idle.get()
        if connection[0].at_eof():
            # The server closed it while it sat idle (uvicorn's keep-alive timeout is 5 s),
            # as any HTTP client finds a stale keep-alive connection: open a new one, to the
            # same process, or the spread over the processes is lost.
            connection = await self._replacement(connection[1])
        try:
            status, body = await _exchange(connection, raw)
        except BaseException:
            self._idle.put_nowait(await self._replacement(connection[1]))
            raise
        self._idle.put_nowait(connection)
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:300]!r}")
        return status, body


async def _exchange(connection: Connection, raw: bytes) -> tuple[int, bytes]:
    reader, writer = connection
    writer.write(raw)
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


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
