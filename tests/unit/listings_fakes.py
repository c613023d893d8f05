"""An in-memory unit of work for the listing use cases: fakes of the repository ports, no I/O.

`snapshot()` returns everything the fakes hold, so a refusal test can assert nothing changed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.accounts import Actor, MemberRole, Organization, OrganizationKind
from domain.events import ListingChanged
from domain.listings import (
    FundProfile,
    FundThesis,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    ListingKind,
    Need,
    NeedContent,
    NeedStatus,
    OfferContent,
    OfferStatus,
    StatusChange,
    TechnologyOffer,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeSigner:
    key_id = "test-key"

    def sign(self, message: bytes) -> bytes:
        return b"signed:" + message[:16]

    def verify(self, message: bytes, signature: bytes) -> bool:
        return signature == self.sign(message)

    def public_key_pem(self) -> str:
        return "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"


class FakeOrganizations:
    def __init__(self) -> None:
        self.rows: dict[UUID, Organization] = {}

    def put(self, kind: OrganizationKind = OrganizationKind.UNIVERSITY) -> Organization:
        org = Organization(uuid4(), f"Org {len(self.rows)}", kind, None, None, True, T0)
        self.rows[org.id] = org
        return org

    async def get(self, organization_id: UUID) -> Organization | None:
        return self.rows.get(organization_id)


class _Rows:
    """What the three listing repositories share: rows by id, moved only from `expected`."""

    def __init__(self) -> None:
        self.rows: dict[UUID, Any] = {}

    async def get(self, listing_id: UUID, *, for_update: bool = False) -> Any:
        return self.rows.get(listing_id)

    async def update_content(self, listing_id: UUID, content: Any) -> Any:
        row = dataclasses.replace(self.rows[listing_id], content=content)
        self.rows[listing_id] = row
        return row

    def _move(self, listing_id: UUID, expected: Any, **values: Any) -> Any:
        row = self.rows.get(listing_id)
        if row is None or row.status != expected:
            return None
        values = {k: v for k, v in values.items() if v is not None}
        self.rows[listing_id] = dataclasses.replace(row, **values)
        return self.rows[listing_id]


class FakeInitiatives(_Rows):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: InitiativeContent
    ) -> Initiative:
        row = Initiative(
            uuid4(), organization_id, created_by, content, InitiativeStatus.DRAFT, 0, T0, T0, T0
        )
        self.rows[row.id] = row
        return row

    async def set_status(
        self,
        initiative_id: UUID,
        *,
        expected: InitiativeStatus,
        status: InitiativeStatus,
        at: datetime,
        revision: int | None = None,
    ) -> Initiative | None:
        return self._move(  # type: ignore[no-any-return]
            initiative_id, expected, status=status, status_changed_at=at, revision=revision
        )


class FakeOffers(_Rows):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: OfferContent
    ) -> TechnologyOffer:
        row = TechnologyOffer(
            uuid4(), organization_id, created_by, content, OfferStatus.DRAFT, 0, None, T0, T0, T0
        )
        self.rows[row.id] = row
        return row

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
        return self._move(  # type: ignore[no-any-return]
            offer_id,
            expected,
            status=status,
            status_changed_at=at,
            revision=revision,
            expires_at=expires_at,
        )

    async def set_expiry(self, offer_id: UUID, expires_at: datetime) -> TechnologyOffer:
        self.rows[offer_id] = dataclasses.replace(self.rows[offer_id], expires_at=expires_at)
        return self.rows[offer_id]  # type: ignore[no-any-return]

    async def due_for_expiry(self, now: datetime, limit: int) -> list[TechnologyOffer]:
        due = [
            o
            for o in self.rows.values()
            if o.status is OfferStatus.LISTED and o.expires_at is not None and o.expires_at <= now
        ]
        return sorted(due, key=lambda o: o.expires_at)[:limit]


class FakeNeeds(_Rows):
    async def add(self, *, organization_id: UUID, created_by: UUID, content: NeedContent) -> Need:
        row = Need(uuid4(), organization_id, created_by, content, NeedStatus.DRAFT, T0, T0, T0)
        self.rows[row.id] = row
        return row

    async def set_status(
        self, need_id: UUID, *, expected: NeedStatus, status: NeedStatus, at: datetime
    ) -> Need | None:
        return self._move(  # type: ignore[no-any-return]
            need_id, expected, status=status, status_changed_at=at
        )


class FakeFunds:
    def __init__(self) -> None:
        self.rows: dict[UUID, FundProfile] = {}

    async def get_by_organization(self, organization_id: UUID) -> FundProfile | None:
        return self.rows.get(organization_id)

    async def upsert(self, organization_id: UUID, content: FundThesis) -> FundProfile:
        old = self.rows.get(organization_id)
        profile = (
            dataclasses.replace(old, content=content)
            if old
            else FundProfile(uuid4(), organization_id, content, T0, T0)
        )
        self.rows[organization_id] = profile
        return profile


class FakeListingRecords:
    def __init__(self) -> None:
        self.timeline: list[tuple[ListingKind, StatusChange]] = []
        self.versions: list[dict[str, Any]] = []

    async def record_status_change(self, kind: ListingKind, change: StatusChange) -> None:
        self.timeline.append((kind, change))

    async def add_version(self, **version: Any) -> None:
        self.versions.append(version)

    async def attached_files(self, listing_id: Any) -> list[Any]:
        return []


class FakeOutbox:
    def __init__(self) -> None:
        self.events: list[ListingChanged] = []

    async def record(self, event: ListingChanged) -> None:
        self.events.append(event)


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    async def record(self, **entry: Any) -> None:
        self.entries.append(entry)


class FakeListingsUnitOfWork:
    def __init__(self) -> None:
        self.organizations = FakeOrganizations()
        self.initiatives = FakeInitiatives()
        self.offers = FakeOffers()
        self.needs = FakeNeeds()
        self.funds = FakeFunds()
        self.listing_records = FakeListingRecords()
        self.outbox = FakeOutbox()
        self.audit = FakeAudit()
        self.commits = 0
        self.rollbacks = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        self.rollbacks += 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "initiatives": dict(self.initiatives.rows),
            "offers": dict(self.offers.rows),
            "needs": dict(self.needs.rows),
            "funds": dict(self.funds.rows),
            "timeline": list(self.listing_records.timeline),
            "versions": list(self.listing_records.versions),
            "events": list(self.outbox.events),
            "audit": list(self.audit.entries),
            "commits": self.commits,
        }


def member(org: Organization, role: MemberRole = MemberRole.MEMBER) -> Actor:
    return Actor(email_verified=True, user_id=uuid4(), memberships={org.id: role})
