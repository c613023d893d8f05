"""The unit of work the listing use cases run in."""

from __future__ import annotations

from typing import Protocol

from domain.audit import AuditLog
from domain.listings import (
    FundRepository,
    InitiativeRepository,
    ListingRecords,
    NeedRepository,
    OfferRepository,
)
from domain.ports import OrganizationRepository, Outbox


class ListingsUnitOfWork(Protocol):
    # Read-only members, so adapters may hold more specific repository types.
    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def initiatives(self) -> InitiativeRepository: ...

    @property
    def offers(self) -> OfferRepository: ...

    @property
    def needs(self) -> NeedRepository: ...

    @property
    def funds(self) -> FundRepository: ...

    @property
    def listing_records(self) -> ListingRecords: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
