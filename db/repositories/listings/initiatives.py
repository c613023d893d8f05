"""Initiatives, read with their co-authors in the same statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Select,
    Text,
    cast,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.listings.rows import ListingRows
from db.rows import from_row
from db.tables import (
    initiative_authors,
    initiatives,
)
from domain.accounts import Actor, Locale
from domain.fields import field_values
from domain.listings import (
    INITIATIVE_PUBLIC,
    CoAuthor,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    ListingFilter,
)

# Co-authors come with their initiative, in the same statement, in position order.
_AUTHORS = (
    select(
        func.coalesce(
            func.jsonb_agg(
                aggregate_order_by(
                    func.jsonb_build_object(
                        "name",
                        initiative_authors.c.name,
                        "affiliation",
                        initiative_authors.c.affiliation,
                        "user_id",
                        initiative_authors.c.user_id,
                        "share_percent",
                        cast(initiative_authors.c.share_percent, Text),
                    ),
                    initiative_authors.c.position,
                )
            ),
            cast(literal("[]"), JSONB),
        )
    )
    .where(initiative_authors.c.initiative_id == initiatives.c.id)
    .scalar_subquery()
    .label("co_authors")
)


def _co_authors(raw: list[dict[str, Any]]) -> tuple[CoAuthor, ...]:
    return tuple(
        CoAuthor(
            name=a["name"],
            share_percent=Decimal(a["share_percent"]),
            affiliation=a["affiliation"],
            user_id=UUID(a["user_id"]) if a["user_id"] else None,
        )
        for a in raw
    )


def initiative_from_row(row: Any) -> Initiative:
    content = from_row(
        InitiativeContent,
        row,
        keywords=tuple(row.keywords),
        ip_status=IpStatus(row.ip_status),
        language=Locale(row.language),
        co_authors=_co_authors(row.co_authors),
    )
    return from_row(Initiative, row, content=content, status=InitiativeStatus(row.status))


def _initiative_values(c: InitiativeContent) -> dict[str, Any]:
    # Co-authors are rows of their own (`_replace_authors`).
    return field_values(
        c,
        omit=("co_authors",),
        keywords=list(c.keywords),
        ip_status=c.ip_status.value,
        language=c.language.value,
    )


class SqlInitiativeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = ListingRows(
            session, initiatives, INITIATIVE_PUBLIC, initiative_from_row, (initiatives, _AUTHORS)
        )

    def _select(self) -> Select[Any]:
        return self._rows.select()

    async def _one(self, initiative_id: UUID) -> Initiative:
        row = (
            await self._session.execute(self._select().where(initiatives.c.id == initiative_id))
        ).one()
        return initiative_from_row(row)

    async def _replace_authors(self, initiative_id: UUID, authors: Sequence[CoAuthor]) -> None:
        await self._session.execute(
            initiative_authors.delete().where(initiative_authors.c.initiative_id == initiative_id)
        )
        if authors:
            await self._session.execute(
                initiative_authors.insert(),
                [
                    {"initiative_id": initiative_id, "position": i, **field_values(a)}
                    for i, a in enumerate(authors)
                ],
            )

    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: InitiativeContent
    ) -> Initiative:
        new_id = await self._session.scalar(
            initiatives.insert()
            .values(
                organization_id=organization_id,
                created_by=created_by,
                **_initiative_values(content),
            )
            .returning(initiatives.c.id)
        )
        assert new_id is not None
        await self._replace_authors(new_id, content.co_authors)
        return await self._one(new_id)

    async def get(self, initiative_id: UUID, *, for_update: bool = False) -> Initiative | None:
        stmt = self._select().where(initiatives.c.id == initiative_id)
        if for_update:
            stmt = stmt.with_for_update(of=initiatives)
        row = (await self._session.execute(stmt)).first()
        return initiative_from_row(row) if row else None

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[Initiative]:
        return await self._rows.get_many_readable(actor, ids)

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[Initiative]:
        return await self._rows.list_page(actor, where=where, after=after, first=first)

    async def update_content(self, initiative_id: UUID, content: InitiativeContent) -> Initiative:
        await self._session.execute(
            update(initiatives)
            .where(initiatives.c.id == initiative_id)
            .values(**_initiative_values(content), updated_at=func.clock_timestamp())
        )
        await self._replace_authors(initiative_id, content.co_authors)
        return await self._one(initiative_id)

    async def set_status(
        self,
        initiative_id: UUID,
        *,
        expected: InitiativeStatus,
        status: InitiativeStatus,
        at: datetime,
        revision: int | None = None,
    ) -> Initiative | None:
        values: dict[str, Any] = {"status": status.value, "status_changed_at": at}
        if revision is not None:
            values["revision"] = revision
        moved = await self._session.scalar(
            update(initiatives)
            .where(initiatives.c.id == initiative_id, initiatives.c.status == expected.value)
            .values(**values)
            .returning(initiatives.c.id)
        )
        return await self._one(initiative_id) if moved else None
