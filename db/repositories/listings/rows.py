"""The statements every listing table shares: read what an actor may see, page newest first,
insert, lock and update one row, each returned as a domain object by the kind's `from_row`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import Select, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.pagination import keyset_page
from db.repositories.listings.visibility import filtered, newest_first, readable_clause
from domain.accounts import Actor
from domain.listings import ListingFilter

T = TypeVar("T")


class ListingRows(Generic[T]):
    def __init__(
        self,
        session: AsyncSession,
        table: Table,
        public: frozenset[Any],
        from_row: Callable[[Any], T],
        columns: Sequence[Any] = (),
    ) -> None:
        self._session = session
        self.table = table
        self._public = public
        self._from_row = from_row
        self._columns = tuple(columns) or (table,)

    def select(self) -> Select[Any]:
        return select(*self._columns)

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[T]:
        rows = await self._session.execute(
            self.select().where(
                self.table.c.id.in_(list(ids)), readable_clause(self.table, actor, self._public)
            )
        )
        return [self._from_row(r) for r in rows]

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[T]:
        """Newest first, keyset on (created_at, id); returns up to first + 1 rows."""
        stmt = self.select().where(readable_clause(self.table, actor, self._public))
        stmt = filtered(stmt, self.table, actor, where)
        page = keyset_page(stmt, newest_first(self.table), after, first, descending=True)
        return [self._from_row(r) for r in await self._session.execute(page)]

    async def add(self, *, organization_id: UUID, created_by: UUID, values: dict[str, Any]) -> T:
        row = (
            await self._session.execute(
                self.table.insert()
                .values(organization_id=organization_id, created_by=created_by, **values)
                .returning(*self.table.c)
            )
        ).one()
        return self._from_row(row)

    async def get(self, listing_id: UUID, *, for_update: bool) -> T | None:
        stmt = select(self.table).where(self.table.c.id == listing_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).first()
        return self._from_row(row) if row else None

    async def update_content(self, listing_id: UUID, values: dict[str, Any]) -> T:
        return await self.update_one(listing_id, {**values, "updated_at": func.clock_timestamp()})

    async def update_one(self, listing_id: UUID, values: dict[str, Any]) -> T:
        row = (
            await self._session.execute(
                update(self.table)
                .where(self.table.c.id == listing_id)
                .values(**values)
                .returning(*self.table.c)
            )
        ).one()
        return self._from_row(row)

    async def move(self, listing_id: UUID, expected: str, values: dict[str, Any]) -> T | None:
        """Update the row only if its status is still `expected`; None when it was not."""
        row = (
            await self._session.execute(
                update(self.table)
                .where(self.table.c.id == listing_id, self.table.c.status == expected)
                .values(**values)
                .returning(*self.table.c)
            )
        ).first()
        return self._from_row(row) if row else None
