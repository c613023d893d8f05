"""The search indexer in a real worker process, on a database with real commits.

- SIGKILL in the middle of a batch loses nothing: after a restart, the index equals the database.
- Freshness: with the worker running, a committed change is searchable within 2 seconds.

Run as a script (`python -m tests.integration.test_search_worker URL DELAY`), this module is a
worker whose search handler pauses DELAY seconds after writing each batch to the index and
before the outbox rows are deleted: the worst moment to be killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import outbox
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, Organization
from domain.events import Consumer, ListingChanged
from domain.listings import OfferStatus
from domain.search import SearchQuery
from domain.services import listings as lc
from search.indexer import public_documents
from search.postgres import PostgresSearchIndex
from tests.conftest import committed_database
from tests.factories import make_offer, make_organization, make_user

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

pytestmark = pytest.mark.slow


committed_url, engine, sessions = committed_database("innovex_search_worker")


class WorkerProcess:
    def __init__(self, args: Sequence[str], url: str) -> None:
        env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            list(args),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no cleanup, no rollback from our side
        self.process.wait(timeout=10)
        self.stdout.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self.stdout.closed:
            self.stdout.close()


async def search_pending(
    sessions: async_sessionmaker[AsyncSession], consumers: Sequence[Consumer] = (Consumer.SEARCH,)
) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).where(outbox.c.consumer.in_([c.value for c in consumers]))
        )
        return int(count or 0)


async def wait_until_drained(
    sessions: async_sessionmaker[AsyncSession],
    within: float,
    consumers: Sequence[Consumer] = (Consumer.SEARCH,),
) -> None:
    deadline = time.monotonic() + within
    while await search_pending(sessions, consumers):
        assert time.monotonic() < deadline, "the worker did not drain the outbox"
        await asyncio.sleep(0.1)


async def supplier(session: AsyncSession) -> tuple[Actor, Organization]:
    owner = await make_user(session)
    organization = await make_organization(session, owner.user, name="Viện Máy Nông nghiệp")
    organization = await SqlUnitOfWork(session).organizations.set_verified(organization.id, True)
    await session.commit()
    return Actor(
        user_id=owner.user.id, memberships={organization.id: MemberRole.OWNER}
    ), organization


async def index_equals_database(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Every public listing and organisation has exactly its current document, nothing else."""
    async with sessions() as session:
        expected = {
            d.id: (d.title, d.status, d.organization_name)
            async for batch in public_documents(session)
            for d in batch
        }
        rows = await session.execute(
            text("SELECT id, title, status, organization_name FROM search_documents")
        )
        stored = {r.id: (r.title, r.status, r.organization_name) for r in rows}
    assert stored == expected


async def test_sigkill_in_the_middle_of_a_batch_loses_nothing(
    sessions: async_sessionmaker[AsyncSession], committed_url: str
) -> None:
    async with sessions() as session:
        actor, organization = await supplier(session)
        owner = (await make_user(session)).user
        offers = [
            await make_offer(
                session,
                owner,
                organization,
                status=OfferStatus.LISTED,
                title=f"Máy tuốt lúa liên hợp số {n}",
            )
            for n in range(30)
        ]
    assert await search_pending(sessions) > 0

    slow = WorkerProcess(
        [PYTHON, "-m", "tests.integration.test_search_worker", committed_url, "30"], committed_url
    )
    try:
        # Two batches written to the index; the second one is now paused before its commit.
        assert slow.stdout.readline().strip() == "batch"
        assert slow.stdout.readline().strip() == "batch"
        slow.kill()
    finally:
        slow.stop()
    left = await search_pending(sessions)
    assert left > 0, "the kill came too late to test anything"

    # Meanwhile the database moves on: two offers are withdrawn, one is renamed and relisted.
    async with sessions() as session:
        uow = SqlUnitOfWork(session)
        now = datetime.now(UTC)
        for offer in offers[:2]:
            await lc.withdraw_offer(uow, actor, offer_id=offer.id, reason=None, now=now)

    restarted = WorkerProcess(
        [PYTHON, "-m", "tests.integration.test_search_worker", committed_url, "0"], committed_url
    )
    try:
        await wait_until_drained(sessions, within=60)
    finally:
        restarted.stop()

    await index_equals_database(sessions)
    index = PostgresSearchIndex(sessions)
    assert await index.count() == 1 + 28  # the organisation and the offers still listed
    found = await index.search(SearchQuery("may tuot lua", limit=100))
    assert found.total == 28
    assert {hit.id for hit in found.hits}.isdisjoint({f"offer:{o.id}" for o in offers[:2]})


async def test_a_committed_change_is_searchable_within_two_seconds(
    sessions: async_sessionmaker[AsyncSession], committed_url: str
) -> None:
    async with sessions() as session:
        _, organization = await supplier(session)
        owner = (await make_user(session)).user
    worker = WorkerProcess([str(Path(PYTHON).parent / "innovex"), "worker"], committed_url)
    index = PostgresSearchIndex(sessions)
    try:
        # Every consumer idle (the embedder has loaded its model): the worker is in steady state.
        await wait_until_drained(sessions, within=180, consumers=tuple(Consumer))
        async with sessions() as session:
            offer = await make_offer(
                session,
                owner,
                organization,
                status=OfferStatus.LISTED,
                title="Thiết bị khử mặn nước giếng khoan bằng điện dung",
            )
        committed = time.monotonic()
        while True:
            found = await index.search(SearchQuery("khu man gieng khoan"))
            if [hit.id for hit in found.hits] == [f"offer:{offer.id}"]:
                break
            assert time.monotonic() - committed < 2.0, "not searchable within 2 seconds"
            await asyncio.sleep(0.02)
        elapsed = time.monotonic() - committed
    finally:
        worker.stop()
    assert elapsed < 2.0


async def test_a_stop_during_a_backlog_waits_for_one_batch_and_leaves_the_rest(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    from innovex.worker import Worker
    from search.indexer import search_handler

    async with sessions() as session:
        _, organization = await supplier(session)
        owner = (await make_user(session)).user
        for n in range(6):
            await make_offer(
                session,
                owner,
                organization,
                status=OfferStatus.LISTED,
                title=f"Máy sấy nông sản {n}",
            )
    backlog = await search_pending(sessions)
    assert backlog >= 6
    index_write = search_handler(PostgresSearchIndex(sessions))
    batches: list[int] = []

    async def handler(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        await index_write(session, events)
        batches.append(len(events))
        worker.stop()  # Ctrl-C arrives while this batch is being handled

    worker = Worker(sessions, {Consumer.SEARCH: handler}, batch_size=2, poll_interval=0.05)
    await asyncio.wait_for(worker.run(), timeout=30)
    assert batches == [2]
    assert await search_pending(sessions) == backlog - 2  # the rest waits for the next start

    restarted = Worker(sessions, {Consumer.SEARCH: index_write}, batch_size=2)
    assert await restarted.run_once() == backlog - 2
    await index_equals_database(sessions)


# -- the slow worker, run as a script ---------------------------------------------------------


async def _slow_worker(url: str, delay: float) -> None:
    from innovex.bootstrap import Runtime
    from innovex.settings import Settings
    from innovex.worker import Worker
    from search.indexer import search_handler

    runtime = Runtime.build(Settings(database_url=url), url)
    handler = search_handler(runtime.search_index)

    async def slow(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        await handler(session, events)  # the index write commits in its own transaction
        print("batch", flush=True)
        await asyncio.sleep(delay)  # the outbox rows are still locked and not yet deleted

    worker = Worker(runtime.sessions, {Consumer.SEARCH: slow}, batch_size=5, poll_interval=0.05)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        with contextlib.suppress(Exception):
            await runtime.close()


if __name__ == "__main__":
    asyncio.run(_slow_worker(sys.argv[1], float(sys.argv[2])))
