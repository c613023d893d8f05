"""Needs and challenges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.listings.rows import ListingRows
from db.rows import from_row
from db.tables import (
    needs,
)
from domain.accounts import Actor
from domain.fields import field_values
from domain.listings import (
    NEED_PUBLIC,
    ListingFilter,
    Need,
    NeedContent,
    NeedKind,
    NeedStatus,
)


def need_from_row(row: Any) -> Need:
    content = from_row(NeedContent, row, kind=NeedKind(row.kind), keywords=tuple(row.keywords))
    return from_row(Need, row, content=content, status=NeedStatus(row.status))


def _need_values(c: NeedContent) -> dict[str, Any]:
    return field_values(c, kind=c.kind.value, keywords=list(c.keywords))


class SqlNeedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = ListingRows(session, needs, NEED_PUBLIC, need_from_row)

    async def add(self, *, organization_id: UUID, created_by: UUID, content: NeedContent) -> Need:
        return await self._rows.add(
            organization_id=organization_id, created_by=created_by, values=_need_values(content)
        )

    async def get(self, need_id: UUID, *, for_update: bool = False) -> Need | None:
        return await self._rows.get(need_id, for_update=for_update)

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[Need]:
        return await self._rows.get_many_readable(actor, ids)

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[Need]:
        return await self._rows.list_page(actor, where=where, after=after, first=first)

    async def update_content(self, need_id: UUID, content: NeedContent) -> Need:
        return await self._rows.update_content(need_id, _need_values(content))

    async def set_status(
        self, need_id: UUID, *, expected: NeedStatus, status: NeedStatus, at: datetime
    ) -> Need | None:
        return await self._rows.move(
            need_id, expected.value, {"status": status.value, "status_changed_at": at}
        )
