"""Full reindex on a database with real commits: it rebuilds from the database, readers never
see a partial index, and an interrupted rebuild leaves the previous index in place. Plus the
`innovex outbox` and `innovex reindex` commands."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from db.tables import outbox
from db.uow import SqlUnitOfWork
from domain.accounts import Organization
from domain.listings import OfferStatus
from domain.search import DocumentKind, SearchDocument, SearchQuery
from search.indexer import reindex
from search.postgres import PostgresSearchIndex
from tests.conftest import committed_database
from tests.factories import make_offer, make_organization, make_user

committed_url, engine, sessions = committed_database("innovex_search_reindex")


@pytest.fixture(scope="module")
async def catalogue(sessions: async_sessionmaker[AsyncSession]) -> Organization:
    """A verified organisation with five listed offers and one draft, committed."""
    async with sessions() as session:
        owner = (await make_user(session)).user
        organization = await make_organization(session, owner, name="Viện Công nghệ Sau thu hoạch")
        organization = await SqlUnitOfWork(session).organizations.set_verified(
            organization.id, True
        )
        await session.commit()
        for n in range(5):
            await make_offer(
                session, owner, organization, status=OfferStatus.LISTED, title=f"Kho lạnh số {n}"
            )
        await make_offer(session, owner, organization, title="Kho lạnh bản nháp")
        await session.execute(delete(outbox))
        await session.commit()
    return organization


def stale(number: int) -> SearchDocument:
    return SearchDocument(
        id=f"offer:00000000-0000-4000-8000-{number:012x}",
        kind=DocumentKind.OFFER,
        title=f"Tài liệu cũ {number}",
        status="listed",
    )


async def test_reindex_rebuilds_the_index_from_the_database(
    sessions: async_sessionmaker[AsyncSession], catalogue: Organization
) -> None:
    index = PostgresSearchIndex(sessions)
    await index.upsert([stale(1), stale(2)])  # not in the database: must go
    seen: list[tuple[int, int]] = []

    indexed = await reindex(
        sessions, index, batch_size=2, progress=lambda d, t: seen.append((d, t))
    )

    assert indexed == 6  # the organisation and its five listed offers, not the draft
    assert await index.count() == 6
    assert (await index.search(SearchQuery("tai lieu cu"))).total == 0
    assert (await index.search(SearchQuery("kho lanh"))).total == 5
    assert seen[0] == (0, 6)
    assert seen[-1] == (6, 6)


async def test_an_interrupted_rebuild_leaves_the_previous_index(
    sessions: async_sessionmaker[AsyncSession], catalogue: Organization
) -> None:
    index = PostgresSearchIndex(sessions)
    await reindex(sessions, index)
    before = sorted(hit.id for hit in (await index.search(SearchQuery("kho lanh"))).hits)

    async def interrupted() -> AsyncIterator[Sequence[SearchDocument]]:
        yield [stale(3), stale(4)]
        raise KeyboardInterrupt  # Ctrl-C in the middle of `innovex reindex`

    with pytest.raises(KeyboardInterrupt):
        await index.rebuild(interrupted())

    assert await index.count() == 6
    after = sorted(hit.id for hit in (await index.search(SearchQuery("kho lanh"))).hits)
    assert after == before
    assert (await index.search(SearchQuery("tai lieu cu"))).total == 0


async def test_searches_during_a_rebuild_see_the_old_index_or_the_new_one(
    sessions: async_sessionmaker[AsyncSession], catalogue: Organization
) -> None:
    index = PostgresSearchIndex(sessions)
    await index.rebuild(_batches([[stale(n)] for n in range(10, 14)]))
    fresh = [[stale(n)] for n in range(20, 30)]
    totals: set[int] = set()
    done = asyncio.Event()

    async def reader() -> None:
        while not done.is_set():
            totals.add((await index.search(SearchQuery("tai lieu cu"))).total)
            await asyncio.sleep(0.005)

    async def slow_batches() -> AsyncIterator[Sequence[SearchDocument]]:
        for batch in fresh:
            await asyncio.sleep(0.02)
            yield batch

    task = asyncio.create_task(reader())
    await index.rebuild(slow_batches())
    totals.add((await index.search(SearchQuery("tai lieu cu"))).total)
    done.set()
    await task

    assert totals <= {4, 10}
    assert 10 in totals
    await reindex(sessions, index)  # leave the database's own content for the other tests


async def _batches(
    batches: Sequence[Sequence[SearchDocument]],
) -> AsyncIterator[Sequence[SearchDocument]]:
    for batch in batches:
        yield batch


async def test_outbox_command_shows_pending_and_parked_and_requeues(
    sessions: async_sessionmaker[AsyncSession],
    committed_url: str,
    catalogue: Organization,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from innovex.cli import app

    async with sessions() as session:
        await session.execute(
            outbox.insert(),
            [
                {"consumer": "search", "topic": "listing_changed", "payload": {}},
                {"consumer": "search", "topic": "listing_changed", "payload": {}},
            ],
        )
        await session.execute(
            update(outbox)
            .where(outbox.c.id == (await session.scalar(text("SELECT min(id) FROM outbox"))))
            .values(parked_at=datetime.now(UTC), attempts=8)
        )
        await session.commit()
    monkeypatch.setenv("DATABASE_URL", committed_url)
    runner = CliRunner()

    shown = await asyncio.to_thread(runner.invoke, app, ["outbox"])
    requeued = await asyncio.to_thread(runner.invoke, app, ["outbox", "--requeue", "search"])
    refused = await asyncio.to_thread(runner.invoke, app, ["outbox", "--requeue", "nobody"])

    assert shown.exit_code == 0, shown.output
    assert [line.split() for line in shown.output.splitlines() if "search" in line] == [
        ["│", "search", "│", "1", "│", "1", "│"]
    ]
    assert [line.split() for line in requeued.output.splitlines() if "search" in line] == [
        ["│", "search", "│", "2", "│", "0", "│"]
    ]
    assert refused.exit_code == 2
    async with sessions() as session:
        await session.execute(delete(outbox))
        await session.commit()
