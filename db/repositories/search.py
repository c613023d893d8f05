"""Reads for the search indexer: the public projection of listings and organisations.

Only public columns are selected and only public states are returned, so nothing confidential
(descriptions, solutions, contacts) ever leaves the database on its way to a search index:
the fields the domain marks confidential come back as None. A listing that is not returned
is, for search, not public.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from sqlalchemy import Select, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.rows import from_row
from db.tables import initiatives, needs, organizations, technology_offers
from domain.accounts import Locale, Organization, OrganizationKind
from domain.events import EntityKind
from domain.listings import (
    INITIATIVE_PUBLIC,
    NEED_PUBLIC,
    OFFER_PUBLIC,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    Need,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
    TransferMode,
)

# Held shared by every indexer batch and exclusively by a full rebuild, so a rebuild reads the
# database while no batch is half-applied, and batches that arrive meanwhile wait for it.
INDEX_WRITE_LOCK: Final = 0x1DE5_5EA2C4


@dataclass(frozen=True, slots=True)
class PublicListing:
    """A listing's public projection with its owner organisation."""

    listing: Initiative | TechnologyOffer | Need
    organization: Organization


_ORG_COLUMNS = (
    organizations.c.id.label("org_id"),
    organizations.c.name.label("org_name"),
    organizations.c.kind.label("org_kind"),
    organizations.c.province_code.label("org_province_code"),
    organizations.c.registry_code.label("org_registry_code"),
    organizations.c.verified.label("org_verified"),
    organizations.c.created_at.label("org_created_at"),
)


def _organization(row: Any, prefix: str = "org_") -> Organization:
    return Organization(
        id=getattr(row, f"{prefix}id"),
        name=getattr(row, f"{prefix}name"),
        kind=OrganizationKind(getattr(row, f"{prefix}kind")),
        province_code=getattr(row, f"{prefix}province_code"),
        registry_code=getattr(row, f"{prefix}registry_code"),
        verified=getattr(row, f"{prefix}verified"),
        created_at=getattr(row, f"{prefix}created_at"),
    )


def _public(table: Table, columns: tuple[str, ...], public: Iterable[enum.Enum]) -> Select[Any]:
    """The listing's `columns` (and only those: the mappers below leave every other field at
    its default) with its organisation, in its public states."""
    return (
        select(*(table.c[name] for name in ("id", "organization_id", *columns)), *_ORG_COLUMNS)
        .join(organizations, organizations.c.id == table.c.organization_id)
        .where(table.c.status.in_([s.value for s in public]))
    )


_TIMES = ("created_at", "updated_at", "status_changed_at")
# Public columns only: no description, solution, IP number, prices or contacts.
_INITIATIVE_COLUMNS = (
    "title",
    "summary",
    "problem",
    "advantages",
    "field_code",
    "keywords",
    "trl",
    "ip_status",
    "target_users",
    "expected_impact",
    "province_code",
    "language",
    "status",
    "revision",
    *_TIMES,
)
_OFFER_COLUMNS = (
    "title",
    "summary",
    "trl",
    "ip_status",
    "field_code",
    "keywords",
    "transfer_modes",
    "terms",
    "province_code",
    "initiative_id",
    "status",
    "revision",
    "expires_at",
    *_TIMES,
)
_NEED_COLUMNS = (
    "kind",
    "title",
    "problem_statement",
    "desired_outcome",
    "constraints",
    "min_trl",
    "deadline",
    "province_code",
    "field_code",
    "keywords",
    "prize_vnd",
    "order_commitment",
    "status",
    *_TIMES,
)


def _initiatives() -> Select[Any]:
    return _public(initiatives, _INITIATIVE_COLUMNS, INITIATIVE_PUBLIC)


def _initiative(row: Any) -> PublicListing:
    content = from_row(
        InitiativeContent,
        row,
        keywords=tuple(row.keywords or ()),
        ip_status=IpStatus(row.ip_status),
        language=Locale(row.language),
    )
    listing = from_row(
        Initiative, row, created_by=None, content=content, status=InitiativeStatus(row.status)
    )
    return PublicListing(listing, _organization(row))


def _offers() -> Select[Any]:
    return _public(technology_offers, _OFFER_COLUMNS, OFFER_PUBLIC)


def _offer(row: Any) -> PublicListing:
    content = from_row(
        OfferContent,
        row,
        ip_status=IpStatus(row.ip_status),
        keywords=tuple(row.keywords or ()),
        transfer_modes=tuple(TransferMode(m) for m in row.transfer_modes or ()),
    )
    listing = from_row(
        TechnologyOffer, row, created_by=None, content=content, status=OfferStatus(row.status)
    )
    return PublicListing(listing, _organization(row))


def _needs() -> Select[Any]:
    return _public(needs, _NEED_COLUMNS, NEED_PUBLIC)


def _need(row: Any) -> PublicListing:
    content = from_row(
        NeedContent, row, kind=NeedKind(row.kind), keywords=tuple(row.keywords or ())
    )
    listing = from_row(Need, row, created_by=None, content=content, status=NeedStatus(row.status))
    return PublicListing(listing, _organization(row))


_LISTINGS: Final = {
    EntityKind.INITIATIVE: (initiatives, _initiatives, _initiative),
    EntityKind.OFFER: (technology_offers, _offers, _offer),
    EntityKind.NEED: (needs, _needs, _need),
}
LISTING_KINDS: Final = tuple(_LISTINGS)


def _public_organizations() -> Select[Any]:
    return select(*_ORG_COLUMNS).where(organizations.c.verified.is_(True))


class SqlSearchSource:
    """The public projection the search indexer reads, in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def public_listings(self, kind: EntityKind, ids: Sequence[UUID]) -> list[PublicListing]:
        """Those of `ids` that exist and are in a public state."""
        if not ids or kind not in _LISTINGS:
            return []
        table, statement, build = _LISTINGS[kind]
        rows = await self._session.execute(statement().where(table.c.id.in_(list(ids))))
        return [build(row) for row in rows]

    async def public_organizations(self, ids: Sequence[UUID]) -> list[Organization]:
        """Those of `ids` that are listed in the public directory (verified)."""
        if not ids:
            return []
        rows = await self._session.execute(
            _public_organizations().where(organizations.c.id.in_(list(ids)))
        )
        return [_organization(row) for row in rows]

    async def listing_ids_of(
        self, organization_ids: Sequence[UUID]
    ) -> dict[EntityKind, list[UUID]]:
        """Every listing the organisations own, whatever its state (their documents carry the
        organisation's name and kind)."""
        found: dict[EntityKind, list[UUID]] = {}
        if not organization_ids:
            return found
        for kind, (table, _, _) in _LISTINGS.items():
            rows = await self._session.execute(
                select(table.c.id).where(table.c.organization_id.in_(list(organization_ids)))
            )
            found[kind] = [row.id for row in rows]
        return found

    async def all_public_listings(
        self, kind: EntityKind, batch_size: int
    ) -> AsyncIterator[list[PublicListing]]:
        """Every public listing of a kind, in batches (keyset on id)."""
        table, statement, build = _LISTINGS[kind]
        last: UUID | None = None
        while True:
            stmt = statement().order_by(table.c.id).limit(batch_size)
            if last is not None:
                stmt = stmt.where(table.c.id > last)
            rows = (await self._session.execute(stmt)).all()
            if not rows:
                return
            yield [build(row) for row in rows]
            last = rows[-1].id

    async def all_public_organizations(self, batch_size: int) -> AsyncIterator[list[Organization]]:
        last: UUID | None = None
        while True:
            stmt = _public_organizations().order_by(organizations.c.id).limit(batch_size)
            if last is not None:
                stmt = stmt.where(organizations.c.id > last)
            rows = (await self._session.execute(stmt)).all()
            if not rows:
                return
            yield [_organization(row) for row in rows]
            last = rows[-1].org_id

    async def count_public(self) -> int:
        """How many documents a full rebuild would index."""
        total = 0
        for _, statement, _ in _LISTINGS.values():
            sub = statement().subquery()
            total += int(await self._session.scalar(select(func.count()).select_from(sub)) or 0)
        org_sub = _public_organizations().subquery()
        total += int(await self._session.scalar(select(func.count()).select_from(org_sub)) or 0)
        return total


async def hold_index_writes(session: AsyncSession) -> None:
    """Taken by an indexer batch, until its transaction ends: waits while a rebuild runs."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": INDEX_WRITE_LOCK}
    )


async def hold_rebuild(session: AsyncSession) -> None:
    """Taken by a rebuild, until its transaction ends: waits for batches in flight, and keeps
    new ones waiting."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INDEX_WRITE_LOCK})
