"""The outbox on a real database with real commits: drained once, retried, parked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.outbox import OutboxDrainer, SqlOutbox, outbox_health, requeue_parked
from db.tables import outbox
from domain.events import Consumer, EntityKind, ListingChanged
from tests.conftest import scratch_database


@pytest.fixture(scope="module")
def committed_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_outbox") as url:
        yield url


@pytest.fixture
async def sessions(committed_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(committed_url, pool_size=4)
    factory = make_sessionmaker(engine)
    yield factory
    async with factory() as s:
        await s.execute(delete(outbox))
        await s.commit()
    await engine.dispose()


async def record(
    sessions: async_sessionmaker[AsyncSession], events: Sequence[ListingChanged]
) -> None:
    async with sessions() as s:
        box = SqlOutbox(s)
        for e in events:
            await box.record(e)
        await s.commit()


async def pending(sessions: async_sessionmaker[AsyncSession], consumer: Consumer) -> int:
    async with sessions() as s:
        return int(
            await s.scalar(select(func.count()).where(outbox.c.consumer == consumer.value)) or 0
        )


async def test_every_event_is_written_once_per_consumer_and_drained_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    offer = ListingChanged(EntityKind.OFFER, uuid4())
    need = ListingChanged(EntityKind.NEED, uuid4())
    await record(sessions, [offer, need, offer])  # the offer changed twice
    assert await pending(sessions, Consumer.SEARCH) == 3
    assert await pending(sessions, Consumer.EMBEDDING) == 3

    seen: list[ListingChanged] = []

    async def handler(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        seen.extend(events)

    stats = await OutboxDrainer(sessions, Consumer.SEARCH, handler).drain_once()
    assert stats.handled == 3
    assert sorted(e.key() for e in seen) == sorted([offer.key(), need.key()])  # collapsed
    assert await pending(sessions, Consumer.SEARCH) == 0
    assert await pending(sessions, Consumer.EMBEDDING) == 3  # the other consumer is untouched


async def test_a_failing_handler_retries_with_backoff_then_parks(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await record(sessions, [ListingChanged(EntityKind.INITIATIVE, uuid4())])
    calls = 0

    async def broken(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("search backend down")

    # A backoff long enough that the next drain, right after, always finds nothing ready (at
    # 50 ms a busy machine's pause between the two drains made it ready: a flaky failure).
    drainer = OutboxDrainer(
        sessions, Consumer.SEARCH, broken, max_attempts=3, base_backoff=timedelta(milliseconds=400)
    )
    first = await drainer.drain_once()
    assert (first.handled, first.failed, first.parked) == (0, 1, 0)
    immediately = await drainer.drain_once()  # backing off: nothing is ready yet
    assert (immediately.handled, immediately.failed) == (0, 0)
    assert calls == 1

    for _ in range(60):  # the retries fall due after 0.4 s, then 0.8 s
        await asyncio.sleep(0.06)
        stats = await drainer.drain_once()
        if stats.parked:
            break
    assert calls == 3
    async with sessions() as s:
        health = await outbox_health(s)
        assert health["search"] == {"pending": 0, "parked": 1}
        row = (
            await s.execute(
                select(outbox.c.last_error, outbox.c.attempts).where(outbox.c.consumer == "search")
            )
        ).one()
        assert "search backend down" in row.last_error
        assert row.attempts == 3
        assert await requeue_parked(s, Consumer.SEARCH) == 1
        await s.commit()
        assert (await outbox_health(s))["search"] == {"pending": 1, "parked": 0}


async def test_concurrent_drainers_never_handle_the_same_event(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    events = [ListingChanged(EntityKind.OFFER, uuid4()) for _ in range(60)]
    await record(sessions, events)
    handled: list[str] = []

    async def slow(session: AsyncSession, batch: Sequence[ListingChanged]) -> None:
        await asyncio.sleep(0.05)
        handled.extend(e.key() for e in batch)

    drainers = [OutboxDrainer(sessions, Consumer.SEARCH, slow, batch_size=10) for _ in range(3)]

    async def run(d: OutboxDrainer) -> None:
        while (await d.drain_once()).handled:
            pass

    await asyncio.gather(*(run(d) for d in drainers))
    assert sorted(handled) == sorted(e.key() for e in events)  # each exactly once
