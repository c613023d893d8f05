"""Ports of the review, connection, deal and notification use cases. Adapters live in
db/repositories/{review,connections,notifications}.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import User
from domain.connections import (
    Connection,
    ConnectionKind,
    ConnectionMessage,
    ConnectionStatus,
    DeclineReason,
)
from domain.deals import Deal, DealKind, DealStatus, DealTotals
from domain.listings import ListingKind
from domain.notifications import NewNotification
from domain.ports import OrganizationRepository, Outbox, Transaction
from domain.review import (
    Criterion,
    DecisionOutcome,
    Recommendation,
    ReviewAssignment,
    ReviewDecision,
    ScoreSheet,
)


@dataclass(frozen=True, slots=True)
class ListingSummary:
    """The public facts of any listing a review or connection points at."""

    kind: ListingKind
    id: UUID
    organization_id: UUID
    status: str
    title: str  # public
    revision: int  # submissions so far (0 for kinds without versions)


class ListingLookup(Protocol):
    async def summary(self, listing_id: UUID) -> ListingSummary | None:
        """The listing of any kind with this id."""
        ...


class ReviewRepository(Protocol):
    async def add_assignment(
        self, *, initiative_id: UUID, review_round: int, reviewer_id: UUID, assigned_by: UUID
    ) -> ReviewAssignment: ...

    async def get_assignment(self, assignment_id: UUID) -> ReviewAssignment | None:
        """The assignment, locked for update."""
        ...

    async def assignments_for(
        self, initiative_id: UUID, review_round: int
    ) -> list[ReviewAssignment]:
        """Every assignment of the round, locked: concurrent decisions and recusals queue."""
        ...

    async def recuse(self, assignment_id: UUID, *, note: str | None) -> ReviewAssignment: ...

    async def add_score(
        self,
        *,
        assignment_id: UUID,
        scores: dict[Criterion, int],
        comments: str,
        recommendation: Recommendation,
    ) -> ScoreSheet: ...

    async def add_decision(
        self,
        *,
        initiative_id: UUID,
        review_round: int,
        outcome: DecisionOutcome,
        public_reason: str,
        decided_by: UUID,
    ) -> ReviewDecision: ...

    async def is_active_reviewer(self, user_id: UUID, initiative_id: UUID) -> bool: ...


class ConnectionRepository(Protocol):
    async def add(
        self,
        *,
        kind: ConnectionKind,
        listing: ListingSummary,
        requester_organization_id: UUID,
        requested_by: UUID,
        intro: str,
        nda_version: str | None,
    ) -> Connection: ...

    async def get(self, connection_id: UUID) -> Connection | None:
        """The connection, locked for update."""
        ...

    async def open_exists(self, listing_id: UUID, requester_organization_id: UUID) -> bool: ...

    async def set_status(
        self,
        connection_id: UUID,
        status: ConnectionStatus,
        *,
        decline_reason: DeclineReason | None = None,
        decline_note: str | None = None,
    ) -> Connection: ...

    async def acknowledge_nda(
        self, connection_id: UUID, *, user_id: UUID, version: str
    ) -> Connection: ...

    async def add_message(
        self, *, connection_id: UUID, author_id: UUID, body: str
    ) -> ConnectionMessage: ...


class DealRepository(Protocol):
    async def add(
        self,
        *,
        connection_id: UUID,
        kind: DealKind,
        value_vnd: int | None,
        signed_on: date,
        party_ids: Sequence[UUID],
        recorded_by: UUID,
        recorded_for: UUID,
    ) -> Deal: ...

    async def live_of_connection(self, connection_id: UUID) -> Deal | None:
        """The pending or confirmed deal of the connection, locked for an answer."""
        ...

    async def answer(
        self, deal_id: UUID, *, status: DealStatus, answered_by: UUID, reason: str | None
    ) -> Deal: ...

    async def totals(self, *, since: date | None, until: date | None) -> list[DealTotals]: ...


class NotificationRepository(Protocol):
    async def add(self, notifications: Sequence[NewNotification]) -> None: ...

    async def add_for_members(
        self,
        organization_id: UUID,
        template: NewNotification,
        *,
        except_user: UUID | None,
        managers_only: bool = False,
    ) -> None:
        """One copy of `template` (its user_id ignored) for every member of the organisation
        (with `managers_only`, its owners and admins)."""
        ...

    async def add_for_email(self, email: str, template: NewNotification) -> None:
        """One copy of `template` (its user_id ignored) for the account with this email, if
        any: the same statement runs either way."""
        ...

    async def owned(self, user_id: UUID, ids: Sequence[UUID]) -> set[UUID]: ...

    async def mark_read(self, user_id: UUID, ids: Sequence[UUID] | None, at: datetime) -> int:
        """Mark the given (or, with None, all) unread notifications read; returns how many."""
        ...

    async def unread_count(self, user_id: UUID) -> int: ...


class UserLookup(Protocol):
    async def get(self, user_id: UUID) -> User | None: ...


class ExchangeUnitOfWork(Transaction, Protocol):
    @property
    def users(self) -> UserLookup: ...

    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def listing_lookup(self) -> ListingLookup: ...

    @property
    def review(self) -> ReviewRepository: ...

    @property
    def connections(self) -> ConnectionRepository: ...

    @property
    def deals(self) -> DealRepository: ...

    @property
    def notifications(self) -> NotificationRepository: ...

    @property
    def outbox(self) -> Outbox: ...
