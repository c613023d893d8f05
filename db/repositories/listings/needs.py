"""Needs and challenges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.listings.rows import ListingRows
from db.tables import (
    needs,
)
from domain.accounts import Actor
from domain.listings import (
    NEED_PUBLIC,
    ListingFilter,
    Need,
    NeedContent,
    NeedKind,
    NeedStatus,
)


def need_from_row(row: Any) -> Need:
    return Need(
        id=row.id,
        organization_id=row.organization_id,
        created_by=row.created_by,
        content=NeedContent(
            title=row.title,
            kind=NeedKind(row.kind),
            problem_statement=row.problem_statement,
            desired_outcome=row.desired_outcome,
            constraints=row.constraints,
            min_trl=row.min_trl,
            budget_min_vnd=row.budget_min_vnd,
            budget_max_vnd=row.budget_max_vnd,
            deadline=row.deadline,
            province_code=row.province_code,
            field_code=row.field_code,
            keywords=tuple(row.keywords),
            prize_vnd=row.prize_vnd,
            order_commitment=row.order_commitment,
            contact_name=row.contact_name,
            contact_email=row.contact_email,
            contact_phone=row.contact_phone,
        ),
        status=NeedStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status_changed_at=row.status_changed_at,
    )


def _need_values(c: NeedContent) -> dict[str, Any]:
    return {
        "title": c.title,
        "kind": c.kind.value,
        "problem_statement": c.problem_statement,
        "desired_outcome": c.desired_outcome,
        "constraints": c.constraints,
        "min_trl": c.min_trl,
        "budget_min_vnd": c.budget_min_vnd,
        "budget_max_vnd": c.budget_max_vnd,
        "deadline": c.deadline,
        "province_code": c.province_code,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "prize_vnd": c.prize_vnd,
        "order_commitment": c.order_commitment,
        "contact_name": c.contact_name,
        "contact_email": c.contact_email,
        "contact_phone": c.contact_phone,
    }


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
