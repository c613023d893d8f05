"""Onboarding with consent: nobody becomes a member without saying yes.

An organisation's owners invite an email with a role; only the holder of that email, signed in,
accepts or declines, within `INVITATION_TTL`. A user asks to join; the owners approve (with a
role) or decline. Inviting answers alike whether or not the email has an account.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from domain.accounts import MemberRole

INVITATION_TTL = timedelta(days=14)
MESSAGE_MAX = 1_000
LIST_MAX = 100


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVOKED = "revoked"
    EXPIRED = "expired"  # never stored: a pending invitation past its expiry reads so


class JoinRequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Invitation:
    id: UUID
    organization_id: UUID
    email: str
    role: MemberRole
    status: InvitationStatus
    invited_by: UUID
    created_at: datetime
    expires_at: datetime
    answered_by: UUID | None
    answered_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return self.status is InvitationStatus.PENDING and self.expires_at <= now

    def status_at(self, now: datetime) -> InvitationStatus:
        return InvitationStatus.EXPIRED if self.expired(now) else self.status


@dataclass(frozen=True, slots=True)
class JoinRequest:
    id: UUID
    organization_id: UUID
    user_id: UUID
    message: str
    status: JoinRequestStatus
    created_at: datetime
    answered_by: UUID | None
    answered_at: datetime | None


class InvitationRepository(Protocol):
    async def pending_for(self, organization_id: UUID, email: str) -> Invitation | None:
        """The pending invitation of this email to this organisation, locked."""
        ...

    async def add(
        self,
        *,
        organization_id: UUID,
        email: str,
        role: MemberRole,
        invited_by: UUID,
        expires_at: datetime,
    ) -> Invitation: ...

    async def renew(
        self, invitation_id: UUID, *, role: MemberRole, invited_by: UUID, expires_at: datetime
    ) -> Invitation: ...

    async def get_for_update(self, invitation_id: UUID) -> Invitation | None: ...

    async def answer(
        self, invitation_id: UUID, *, status: InvitationStatus, answered_by: UUID
    ) -> Invitation: ...

    async def addressed_to(self, email: str, *, pending_only: bool) -> list[Invitation]: ...

    async def pending_of(self, organization_id: UUID) -> list[Invitation]: ...


class JoinRequestRepository(Protocol):
    async def pending_for(self, organization_id: UUID, user_id: UUID) -> JoinRequest | None: ...

    async def add(self, *, organization_id: UUID, user_id: UUID, message: str) -> JoinRequest: ...

    async def get_for_update(self, request_id: UUID) -> JoinRequest | None: ...

    async def answer(
        self, request_id: UUID, *, status: JoinRequestStatus, answered_by: UUID
    ) -> JoinRequest: ...

    async def of_user(self, user_id: UUID) -> list[JoinRequest]: ...

    async def pending_of(self, organization_id: UUID) -> list[JoinRequest]: ...
