"""Wake-ups across processes through PostgreSQL (NOTIFY on commit, LISTEN on a connection of
one's own): the province's webhook receiver (an API process) wakes its sync (the worker or
`innovex sync`), and the feed builder wakes the webhook sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

SYNC_CHANNEL = "innovex_federation_sync"
WEBHOOK_CHANNEL = "innovex_webhooks"

logger = logging.getLogger(__name__)


async def notify(session: AsyncSession, channel: str) -> None:
    """Delivered when the session's transaction commits (not at all if it rolls back)."""
    await session.execute(select(func.pg_notify(channel, "")))


class Wakeup:
    """An event set by every NOTIFY on `channel`. Listening is best effort: while the database
    is unreachable `ensure` keeps failing quietly, and the caller's own timer still runs."""

    def __init__(self, database_url: str, channel: str) -> None:
        from db.engine import libpq_url

        self._dsn = libpq_url(database_url)
        self._channel = channel
        self._connection: asyncpg.Connection | None = None
        self.event = asyncio.Event()

    async def ensure(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            return
        try:
            connection = await asyncpg.connect(self._dsn, timeout=5)
            await connection.add_listener(self._channel, self._on_notify)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            logger.debug("cannot listen on %s yet", self._channel)
            return
        self._connection = connection
        self.event.set()  # what was notified while not listening is looked at now

    def _on_notify(self, _conn: object, _pid: int, _channel: str, _payload: str) -> None:
        self.event.set()

    async def wait(self, seconds: float) -> bool:
        """True when woken, False after `seconds`."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.event.wait(), seconds)
        woken = self.event.is_set()
        self.event.clear()
        return woken

    async def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()
            self._connection = None
