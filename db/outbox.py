"""The transactional outbox: written by the unit of work, drained by the worker.

Draining takes a batch with `FOR UPDATE SKIP LOCKED` so several workers never handle the same
row; a row is deleted in the same transaction that handled it, so a crash mid-batch leaves it
(and the handler's idempotent effect) to be redone. Failures are retried with exponential
backoff and parked after `max_attempts`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import outbox
from domain.events import Consumer, EntityKind, ListingChanged

logger = logging.getLogger(__name__)

TOPIC_LISTING_CHANGED = "listing_changed"


class SqlOutbox:
    def __init__(
        self, session: AsyncSession, consumers: Sequence[Consumer] = tuple(Consumer)
    ) -> None:
        self._session = session
        self._consumers = consumers

    async def record(self, event: ListingChanged) -> None:
        payload = {"kind": event.kind.value, "entity_id": str(event.entity_id)}
        await self._session.execute(
            outbox.insert(),
            [
                {"consumer": c.value, "topic": TOPIC_LISTING_CHANGED, "payload": payload}
                for c in self._consumers
            ],
        )


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    event: ListingChanged
    attempts: int


Handler = Callable[[AsyncSession, Sequence[ListingChanged]], Awaitable[None]]


def _entry(row: Any) -> OutboxEntry:
    from uuid import UUID

    return OutboxEntry(
        id=row.id,
        event=ListingChanged(EntityKind(row.payload["kind"]), UUID(row.payload["entity_id"])),
        attempts=row.attempts,
    )


@dataclass(slots=True)
class DrainStats:
    handled: int = 0
    failed: int = 0
    parked: int = 0


class OutboxDrainer:
    """Hands a consumer's ready events to its handler, batch by batch."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        consumer: Consumer,
        handler: Handler,
        *,
        batch_size: int = 200,
        max_attempts: int = 8,
        base_backoff: timedelta = timedelta(seconds=1),
    ) -> None:
        self._sessions = sessions
        self._consumer = consumer
        self._handler = handler
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._base_backoff = base_backoff

    async def drain_once(self) -> DrainStats:
        """Handle one batch. Returns what happened; handled == 0 means nothing was ready."""
        stats = DrainStats()
        async with self._sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(outbox.c.id, outbox.c.payload, outbox.c.attempts)
                    .where(
                        outbox.c.consumer == self._consumer.value,
                        outbox.c.parked_at.is_(None),
                        outbox.c.next_attempt_at <= func.now(),
                    )
                    .order_by(outbox.c.id)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return stats
            entries = [_entry(r) for r in rows]
            # Many events for one listing collapse to one: the handler re-reads current state.
            unique = list({e.event.key(): e.event for e in entries}.values())
            try:
                async with session.begin_nested():
                    await self._handler(session, unique)
            except Exception as exc:  # handler failures are retried, never lost
                logger.warning(
                    "outbox batch failed",
                    extra={"consumer": self._consumer.value, "error": repr(exc)},
                )
                await self._record_failure(session, entries, repr(exc), stats)
                return stats
            await session.execute(delete(outbox).where(outbox.c.id.in_([e.id for e in entries])))
            stats.handled = len(entries)
        return stats

    async def _record_failure(
        self, session: AsyncSession, entries: list[OutboxEntry], error: str, stats: DrainStats
    ) -> None:
        for entry in entries:
            attempts = entry.attempts + 1
            values: dict[str, Any] = {"attempts": attempts, "last_error": error[:2000]}
            if attempts >= self._max_attempts:
                values["parked_at"] = func.now()
                stats.parked += 1
            else:
                backoff = self._base_backoff * (2 ** (attempts - 1))
                values["next_attempt_at"] = func.now() + backoff
                stats.failed += 1
            await session.execute(update(outbox).where(outbox.c.id == entry.id).values(**values))


async def outbox_health(session: AsyncSession) -> dict[str, dict[str, int]]:
    """Pending and parked counts per consumer, for /readyz and the CLI."""
    rows = await session.execute(
        select(
            outbox.c.consumer,
            func.count().filter(outbox.c.parked_at.is_(None)).label("pending"),
            func.count().filter(outbox.c.parked_at.is_not(None)).label("parked"),
        ).group_by(outbox.c.consumer)
    )
    return {r.consumer: {"pending": r.pending, "parked": r.parked} for r in rows}


async def requeue_parked(session: AsyncSession, consumer: Consumer) -> int:
    result = await session.execute(
        update(outbox)
        .where(and_(outbox.c.consumer == consumer.value, outbox.c.parked_at.is_not(None)))
        .values(parked_at=None, attempts=0, next_attempt_at=func.now())
        .returning(outbox.c.id)
    )
    return len(result.all())
