"""The unit of work the listing use cases run in."""

from __future__ import annotations

from typing import Protocol

from domain.listings import (
    FundRepository,
    InitiativeRepository,
    ListingRecords,
    NeedRepository,
    OfferRepository,
)
from domain.ports import OrganizationRepository, Outbox, Transaction


class ListingRepositories(Protocol):
    """The repositories of every listing aggregate; read-only members, so adapters may hold
    more specific repository types."""

    @property
    def initiatives(self) -> InitiativeRepository: ...

    @property
    def offers(self) -> OfferRepository: ...

    @property
    def needs(self) -> NeedRepository: ...

    @property
    def funds(self) -> FundRepository: ...


class ListingsUnitOfWork(ListingRepositories, Transaction, Protocol):
    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def listing_records(self) -> ListingRecords: ...

    @property
    def outbox(self) -> Outbox: ...
