"""Awards of needs (domain/awards.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import need_awards
from domain.awards import NeedAward


def _award(row: Any) -> NeedAward:
    return from_row(NeedAward, row)


class SqlNeedAwardRepository(SqlRepository):
    async def add(
        self,
        *,
        need_id: UUID,
        winner_organization_id: UUID,
        connection_id: UUID | None,
        offer_id: UUID | None,
        awarded_by: UUID,
    ) -> NeedAward:
        return await self._one(
            need_awards.insert()
            .values(
                need_id=need_id,
                winner_organization_id=winner_organization_id,
                connection_id=connection_id,
                offer_id=offer_id,
                awarded_by=awarded_by,
            )
            .returning(*need_awards.c),
            _award,
        )

    async def of_needs(self, need_ids: list[UUID]) -> list[NeedAward]:
        return await self._all(
            select(need_awards).where(need_awards.c.need_id.in_(need_ids)), _award
        )
