"""The repository ports of listings and the filter lists of listings are narrowed by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.accounts import Actor
from domain.listings.entities import (
    FundProfile,
    FundThesis,
    Initiative,
    InitiativeContent,
    Need,
    NeedContent,
    OfferContent,
    StatusChange,
    TechnologyOffer,
)
from domain.listings.kinds import InitiativeStatus, ListingKind, NeedKind, NeedStatus, OfferStatus
from domain.receipts import RECEIPT_FORMAT_V1, ReceiptFile

# --- ports --------------------------------------------------------------------------------


class InitiativeRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: InitiativeContent
    ) -> Initiative: ...

    async def get(self, initiative_id: UUID, *, for_update: bool = False) -> Initiative | None:
        """Unfiltered, for use cases (which apply the visibility rules themselves)."""
        ...

    async def update_content(
        self, initiative_id: UUID, content: InitiativeContent
    ) -> Initiative: ...

    async def set_status(
        self,
        initiative_id: UUID,
        *,
        expected: InitiativeStatus,
        status: InitiativeStatus,
        at: datetime,
        revision: int | None = None,
    ) -> Initiative | None:
        """Move from `expected` to `status`; None when the row was no longer `expected`."""
        ...


class OfferRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: OfferContent
    ) -> TechnologyOffer: ...

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> TechnologyOffer | None: ...

    async def update_content(self, offer_id: UUID, content: OfferContent) -> TechnologyOffer: ...

    async def set_status(
        self,
        offer_id: UUID,
        *,
        expected: OfferStatus,
        status: OfferStatus,
        at: datetime,
        revision: int | None = None,
        expires_at: datetime | None = None,
    ) -> TechnologyOffer | None: ...

    async def set_expiry(self, offer_id: UUID, expires_at: datetime) -> TechnologyOffer: ...

    async def due_for_expiry(self, now: datetime, limit: int) -> list[TechnologyOffer]:
        """Listed offers whose expiry has passed, locked for this transaction."""
        ...


class NeedRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: NeedContent
    ) -> Need: ...

    async def get(self, need_id: UUID, *, for_update: bool = False) -> Need | None: ...

    async def update_content(self, need_id: UUID, content: NeedContent) -> Need: ...

    async def set_status(
        self, need_id: UUID, *, expected: NeedStatus, status: NeedStatus, at: datetime
    ) -> Need | None: ...


class FundRepository(Protocol):
    async def get_by_organization(self, organization_id: UUID) -> FundProfile | None: ...

    async def upsert(self, organization_id: UUID, content: FundThesis) -> FundProfile: ...


@dataclass(frozen=True, slots=True)
class StoredVersion:
    listing_kind: str
    listing_id: UUID
    version: int
    digest: str
    signed_at: datetime
    key_id: str
    signature: str
    format: str = RECEIPT_FORMAT_V1
    files: tuple[ReceiptFile, ...] = ()  # format 2: the attachments when it was signed


class ListingRecords(Protocol):
    """What is kept about every listing kind: the status timeline, the submitted versions, and
    who has been granted confidential access."""

    async def record_status_change(self, kind: ListingKind, change: StatusChange) -> None: ...

    async def add_version(
        self,
        *,
        kind: ListingKind,
        listing_id: UUID,
        version: int,
        content: dict[str, Any],
        digest: str,
        signature: str,
        key_id: str,
        signed_at: datetime,
        submitted_by: UUID | None,
        files: Sequence[ReceiptFile] = (),
    ) -> None:
        """Stored as a receipt of format 2, whose `files` are the listing's attachments."""
        ...

    async def attached_files(self, listing_id: UUID) -> list[ReceiptFile]:
        """The listing's attachments as a receipt names them (name, size, SHA-256)."""
        ...

    async def stored_version(self, listing_id: UUID, version: int) -> StoredVersion | None: ...

    async def confidential_grants(self, actor: Actor, listing_ids: Sequence[UUID]) -> set[UUID]:
        """The listings among `listing_ids` the actor was granted confidential access to as an
        assigned, non-recused reviewer or a party of an accepted connection."""
        ...


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """What lists of listings can be narrowed by. A level-1 field code matches its sectors."""

    statuses: tuple[str, ...] = ()
    field_code: str | None = None
    province_code: str | None = None
    organization_id: UUID | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    mine: bool = False  # only listings of the actor's organisations
    need_kind: NeedKind | None = None
