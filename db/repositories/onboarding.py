"""Invitations and join requests (domain/onboarding.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update

from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import invitations as inv
from db.tables import join_requests as jr
from domain.accounts import MemberRole
from domain.onboarding import (
    LIST_MAX,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
)


def _invitation(row: Any) -> Invitation:
    return from_row(Invitation, row, role=MemberRole(row.role), status=InvitationStatus(row.status))


def _join_request(row: Any) -> JoinRequest:
    return from_row(JoinRequest, row, status=JoinRequestStatus(row.status))


class SqlInvitationRepository(SqlRepository):
    async def pending_for(self, organization_id: UUID, email: str) -> Invitation | None:
        return await self._first(
            select(inv)
            .where(
                inv.c.organization_id == organization_id,
                inv.c.email == email,
                inv.c.status == "pending",
            )
            .with_for_update(),
            _invitation,
        )

    async def add(
        self,
        *,
        organization_id: UUID,
        email: str,
        role: MemberRole,
        invited_by: UUID,
        expires_at: datetime,
    ) -> Invitation:
        return await self._one(
            inv.insert()
            .values(
                organization_id=organization_id,
                email=email,
                role=role.value,
                invited_by=invited_by,
                expires_at=expires_at,
            )
            .returning(*inv.c),
            _invitation,
        )

    async def renew(
        self, invitation_id: UUID, *, role: MemberRole, invited_by: UUID, expires_at: datetime
    ) -> Invitation:
        return await self._one(
            update(inv)
            .where(inv.c.id == invitation_id)
            .values(role=role.value, invited_by=invited_by, expires_at=expires_at)
            .returning(*inv.c),
            _invitation,
        )

    async def get_for_update(self, invitation_id: UUID) -> Invitation | None:
        return await self._first(
            select(inv).where(inv.c.id == invitation_id).with_for_update(), _invitation
        )

    async def answer(
        self, invitation_id: UUID, *, status: InvitationStatus, answered_by: UUID
    ) -> Invitation:
        return await self._one(
            update(inv)
            .where(inv.c.id == invitation_id)
            .values(
                status=status.value,
                answered_by=answered_by,
                answered_at=func.clock_timestamp(),
            )
            .returning(*inv.c),
            _invitation,
        )

    async def addressed_to(self, email: str, *, pending_only: bool) -> list[Invitation]:
        query = select(inv).where(inv.c.email == email)
        if pending_only:
            query = query.where(inv.c.status == "pending")
        return await self._all(
            query.order_by(inv.c.created_at.desc(), inv.c.id.desc()).limit(LIST_MAX), _invitation
        )

    async def pending_of(self, organization_id: UUID) -> list[Invitation]:
        return await self._all(
            select(inv)
            .where(inv.c.organization_id == organization_id, inv.c.status == "pending")
            .order_by(inv.c.created_at.desc(), inv.c.id.desc())
            .limit(LIST_MAX),
            _invitation,
        )


class SqlJoinRequestRepository(SqlRepository):
    async def pending_for(self, organization_id: UUID, user_id: UUID) -> JoinRequest | None:
        return await self._first(
            select(jr).where(
                jr.c.organization_id == organization_id,
                jr.c.user_id == user_id,
                jr.c.status == "pending",
            ),
            _join_request,
        )

    async def add(self, *, organization_id: UUID, user_id: UUID, message: str) -> JoinRequest:
        return await self._one(
            jr.insert()
            .values(organization_id=organization_id, user_id=user_id, message=message)
            .returning(*jr.c),
            _join_request,
        )

    async def get_for_update(self, request_id: UUID) -> JoinRequest | None:
        return await self._first(
            select(jr).where(jr.c.id == request_id).with_for_update(), _join_request
        )

    async def answer(
        self, request_id: UUID, *, status: JoinRequestStatus, answered_by: UUID
    ) -> JoinRequest:
        return await self._one(
            update(jr)
            .where(jr.c.id == request_id)
            .values(
                status=status.value,
                answered_by=answered_by,
                answered_at=func.clock_timestamp(),
            )
            .returning(*jr.c),
            _join_request,
        )

    async def of_user(self, user_id: UUID) -> list[JoinRequest]:
        return await self._all(
            select(jr)
            .where(jr.c.user_id == user_id)
            .order_by(jr.c.created_at.desc(), jr.c.id.desc())
            .limit(LIST_MAX),
            _join_request,
        )

    async def pending_of(self, organization_id: UUID) -> list[JoinRequest]:
        return await self._all(
            select(jr)
            .where(jr.c.organization_id == organization_id, jr.c.status == "pending")
            .order_by(jr.c.created_at.desc(), jr.c.id.desc())
            .limit(LIST_MAX),
            _join_request,
        )
