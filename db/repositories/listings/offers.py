"""Technology offers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.listings.rows import ListingRows
from db.rows import from_row
from db.tables import (
    technology_offers,
)
from domain.accounts import Actor
from domain.fields import field_values
from domain.listings import (
    OFFER_PUBLIC,
    IpStatus,
    ListingFilter,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
    TransferMode,
)


def offer_from_row(row: Any) -> TechnologyOffer:
    content = from_row(
        OfferContent,
        row,
        ip_status=IpStatus(row.ip_status),
        keywords=tuple(row.keywords),
        transfer_modes=tuple(TransferMode(m) for m in row.transfer_modes),
    )
    return from_row(TechnologyOffer, row, content=content, status=OfferStatus(row.status))


def _offer_values(c: OfferContent) -> dict[str, Any]:
    return field_values(
        c,
        ip_status=c.ip_status.value,
        keywords=list(c.keywords),
        transfer_modes=[m.value for m in c.transfer_modes],
    )


class SqlOfferRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = ListingRows(session, technology_offers, OFFER_PUBLIC, offer_from_row)

    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: OfferContent
    ) -> TechnologyOffer:
        return await self._rows.add(
            organization_id=organization_id, created_by=created_by, values=_offer_values(content)
        )

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> TechnologyOffer | None:
        return await self._rows.get(offer_id, for_update=for_update)

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[TechnologyOffer]:
        return await self._rows.get_many_readable(actor, ids)

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[TechnologyOffer]:
        return await self._rows.list_page(actor, where=where, after=after, first=first)

    async def update_content(self, offer_id: UUID, content: OfferContent) -> TechnologyOffer:
        return await self._rows.update_content(offer_id, _offer_values(content))

    async def set_status(
        self,
        offer_id: UUID,
        *,
        expected: OfferStatus,
        status: OfferStatus,
        at: datetime,
        revision: int | None = None,
        expires_at: datetime | None = None,
    ) -> TechnologyOffer | None:
        values: dict[str, Any] = {"status": status.value, "status_changed_at": at}
        if revision is not None:
            values["revision"] = revision
        if expires_at is not None:
            values["expires_at"] = expires_at
        return await self._rows.move(offer_id, expected.value, values)

    async def set_expiry(self, offer_id: UUID, expires_at: datetime) -> TechnologyOffer:
        return await self._rows.update_one(offer_id, {"expires_at": expires_at})

    async def due_for_expiry(self, now: datetime, limit: int) -> list[TechnologyOffer]:
        rows = await self._session.execute(
            select(technology_offers)
            .where(
                technology_offers.c.status == OfferStatus.LISTED.value,
                technology_offers.c.expires_at <= now,
            )
            .order_by(technology_offers.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [offer_from_row(r) for r in rows]
