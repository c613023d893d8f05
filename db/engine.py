"""Engine and session factories."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlparse, urlunparse

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.integrity import conflict_from


def asyncpg_url(url: str) -> str:
    """Accept postgres://, postgresql:// or postgresql+asyncpg:// and return the asyncpg form."""
    parsed = urlparse(url)
    return urlunparse(parsed._replace(scheme="postgresql+asyncpg"))


def libpq_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(scheme="postgresql"))


def with_database(url: str, database: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{database}"))


def make_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    return create_async_engine(
        asyncpg_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        # A pooled connection to a server that restarted is dead; the ping (asyncpg: an empty
        # statement) finds it at checkout, so the first request after a restart succeeds.
        pool_pre_ping=True,
        echo=echo,
        # JIT compilation costs tens of milliseconds per statement once the planner's estimate
        # (poor for tsquery and jsonb predicates) crosses jit_above_cost; our statements are
        # short OLTP ones that never earn it back.
        connect_args={"server_settings": {"application_name": "innovex", "jit": "off"}},
    )


@asynccontextmanager
async def _unique_as_conflict() -> AsyncIterator[None]:
    """A unique violation lost in a race becomes the Conflict the use case's check gives."""
    try:
        yield
    except IntegrityError as error:
        conflict = conflict_from(error)
        if conflict is None:
            raise
        raise conflict from error


class SerializedAsyncSession(AsyncSession):
    """A session whose statements run one at a time.

    Strawberry resolves sibling fields concurrently and DataLoaders dispatch from their own
    tasks, but one connection runs one statement at a time: the lock turns would-be
    "another operation is in progress" errors into a short queue.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statement_lock = asyncio.Lock()

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock, _unique_as_conflict():
            return await super().execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock, _unique_as_conflict():
            return await super().scalar(*args, **kwargs)

    # `scalars` is not overridden: AsyncSession.scalars calls `self.execute`, which holds the
    # lock already (taking it twice would deadlock).

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        async with self._statement_lock, _unique_as_conflict():
            await super().flush(*args, **kwargs)

    async def commit(self) -> None:
        async with self._statement_lock, _unique_as_conflict():
            await super().commit()

    async def rollback(self) -> None:
        async with self._statement_lock:
            await super().rollback()


def make_sessionmaker(
    bind: AsyncEngine | AsyncConnection, **kwargs: Any
) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind, class_=SerializedAsyncSession, expire_on_commit=False, autoflush=False, **kwargs
    )
