"""Fund profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.repositories.listings.visibility import (
    newest_first,
)
from db.rows import from_row
from db.tables import (
    fund_profiles,
)
from domain.fields import field_values
from domain.listings import (
    FundProfile,
    FundThesis,
)


def fund_from_row(row: Any) -> FundProfile:
    return from_row(
        FundProfile,
        row,
        content=from_row(
            FundThesis,
            row,
            field_codes=tuple(row.field_codes),
            province_codes=tuple(row.province_codes),
        ),
    )


class SqlFundRepository(SqlRepository):
    """Fund profiles are public: a fund publishes its thesis to be matched."""

    async def get_by_organization(self, organization_id: UUID) -> FundProfile | None:
        return await self._first(
            select(fund_profiles).where(fund_profiles.c.organization_id == organization_id),
            fund_from_row,
        )

    async def get_many(self, ids: Sequence[UUID]) -> list[FundProfile]:
        return await self._all(
            select(fund_profiles).where(fund_profiles.c.id.in_(list(ids))), fund_from_row
        )

    async def list_page(
        self,
        *,
        after: list[Any] | None,
        first: int,
        field_code: str | None = None,
        province_code: str | None = None,
        trl: int | None = None,
    ) -> list[FundProfile]:
        stmt = select(fund_profiles)
        if field_code is not None:
            stmt = stmt.where(fund_profiles.c.field_codes.contains([field_code]))
        if province_code is not None:
            stmt = stmt.where(fund_profiles.c.province_codes.contains([province_code]))
        if trl is not None:
            stmt = stmt.where(
                and_(
                    or_(fund_profiles.c.trl_min.is_(None), fund_profiles.c.trl_min <= trl),
                    or_(fund_profiles.c.trl_max.is_(None), fund_profiles.c.trl_max >= trl),
                )
            )
        page = keyset_page(stmt, newest_first(fund_profiles), after, first, descending=True)
        return [fund_from_row(r) for r in await self._session.execute(page)]

    async def upsert(self, organization_id: UUID, content: FundThesis) -> FundProfile:
        values = field_values(
            content,
            field_codes=list(content.field_codes),
            province_codes=list(content.province_codes),
        )
        stmt = insert(fund_profiles).values(organization_id=organization_id, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[fund_profiles.c.organization_id],
            set_={**values, "updated_at": func.clock_timestamp()},
        )
        row = (await self._session.execute(stmt.returning(*fund_profiles.c))).one()
        return fund_from_row(row)
