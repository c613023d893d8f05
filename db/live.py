"""Live events across processes: one LISTEN connection per process (asyncpg add_listener) on
the channel the triggers of migration 0013 notify, fanned out to in-process subscribers.

PostgreSQL delivers a NOTIFY only when its transaction commits, to every listening session of
every process, so each API process sees every committed event exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg

CHANNEL = "innovex_events"
QUEUE_SIZE = 256  # per subscriber; a subscriber that falls this far behind loses the oldest
RECONNECT_MAX_SECONDS = 30.0

logger = logging.getLogger("innovex.live")

Connect = Callable[[], Awaitable[asyncpg.Connection]]


class EventHub:
    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._connection: asyncpg.Connection | None = None
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._lock = asyncio.Lock()
        self._reconnecting: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    async def start(self) -> None:
        async with self._lock:
            if self._connection is None and not self._closed:
                connection = await self._connect()
                await connection.add_listener(CHANNEL, self._on_notify)
                connection.add_termination_listener(self._on_lost)
                self._connection = connection

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            logger.warning("malformed live event dropped")
            return
        for queue in self._queues:
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    def _on_lost(self, _conn: object) -> None:
        self._connection = None
        if not self._closed and self._reconnecting is None:
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        wait = 0.5
        try:
            while not self._closed and self._connection is None:
                try:
                    await self.start()
                    logger.info("live events: listening again")
                except (OSError, asyncpg.PostgresError):
                    logger.warning("live events: database unreachable, retrying")
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, RECONNECT_MAX_SECONDS)
        finally:
            self._reconnecting = None

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of raw events, from now until the block exits."""
        await self.start()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    async def close(self) -> None:
        self._closed = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with contextlib.suppress(Exception):
                await connection.close()


def hub_for_url(url: str) -> EventHub:
    """A hub listening through its own connection to `url` (any postgres:// form)."""
    from db.engine import libpq_url

    return EventHub(lambda: asyncpg.connect(libpq_url(url)))
