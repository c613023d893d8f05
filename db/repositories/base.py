"""What every SQL repository shares: the request's session, and reading rows into values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class SqlRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, statement: Executable, value: Callable[[Row[Any]], T]) -> T:
        """The value of the one row the statement returns (an error if there is none)."""
        return value((await self._session.execute(statement)).one())

    async def _first(self, statement: Executable, value: Callable[[Row[Any]], T]) -> T | None:
        row = (await self._session.execute(statement)).first()
        return value(row) if row else None

    async def _all(self, statement: Executable, value: Callable[[Row[Any]], T]) -> list[T]:
        return [value(row) for row in await self._session.execute(statement)]

    async def _grouped(
        self, statement: Executable, key: Callable[[Row[Any]], K], value: Callable[[Row[Any]], T]
    ) -> dict[K, list[T]]:
        """The rows' values under their keys, in row order; a key without rows reads as []."""
        grouped: dict[K, list[T]] = defaultdict(list)
        for row in await self._session.execute(statement):
            grouped[key(row)].append(value(row))
        return grouped

    async def _count(self, *conditions: ColumnElement[bool]) -> int:
        """How many rows meet the conditions (of one table, named by them)."""
        return int(await self._session.scalar(select(func.count()).where(*conditions)) or 0)
