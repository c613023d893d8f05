"""One request session is shared by concurrently resolved fields: statements queue, never clash."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import users


async def test_concurrent_statements_on_one_session_run_one_at_a_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        results = await asyncio.gather(
            session.execute(text("SELECT pg_sleep(0.05), 1")),
            session.scalar(text("SELECT 2")),
            session.scalars(select(users.c.id)),
            session.execute(text("SELECT 3")),
        )
        assert results[0].one()[1] == 1
        assert results[1] == 2
        assert list(results[2]) == []
        assert results[3].scalar_one() == 3


async def test_scalars_does_not_deadlock(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        found = await asyncio.wait_for(session.scalars(text("SELECT 1")), timeout=5)
        assert list(found) == [1]
