"""Invitations and join requests (domain/onboarding.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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


class SqlInvitationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pending_for(self, organization_id: UUID, email: str) -> Invitation | None:
        row = (
            await self._session.execute(
                select(inv)
                .where(
                    inv.c.organization_id == organization_id,
                    inv.c.email == email,
                    inv.c.status == "pending",
                )
                .with_for_update()
            )
        ).first()
        return _invitation(row) if row else None

    async def add(
        self,
        *,
        organization_id: UUID,
        email: str,
        role: MemberRole,
        invited_by: UUID,
        expires_at: datetime,
    ) -> Invitation:
        row = (
            await self._session.execute(
                inv.insert()
                .values(
                    organization_id=organization_id,
                    email=email,
                    role=role.value,
                    invited_by=invited_by,
                    expires_at=expires_at,
                )
                .returning(*inv.c)
            )
        ).one()
        return _invitation(row)

    async def renew(
        self, invitation_id: UUID, *, role: MemberRole, invited_by: UUID, expires_at: datetime
    ) -> Invitation:
        row = (
            await self._session.execute(
                update(inv)
                .where(inv.c.id == invitation_id)
                .values(role=role.value, invited_by=invited_by, expires_at=expires_at)
                .returning(*inv.c)
            )
        ).one()
        return _invitation(row)

    async def get_for_update(self, invitation_id: UUID) -> Invitation | None:
        row = (
            await self._session.execute(
                select(inv).where(inv.c.id == invitation_id).with_for_update()
            )
        ).first()
        return _invitation(row) if row else None

    async def answer(
        self, invitation_id: UUID, *, status: InvitationStatus, answered_by: UUID
    ) -> Invitation:
        row = (
            await self._session.execute(
                update(inv)
                .where(inv.c.id == invitation_id)
                .values(
                    status=status.value,
                    answered_by=answered_by,
                    answered_at=func.clock_timestamp(),
                )
                .returning(*inv.c)
            )
        ).one()
        return _invitation(row)

    async def addressed_to(self, email: str, *, pending_only: bool) -> list[Invitation]:
        query = select(inv).where(inv.c.email == email)
        if pending_only:
            query = query.where(inv.c.status == "pending")
        rows = await self._session.execute(
            query.order_by(inv.c.created_at.desc(), inv.c.id.desc()).limit(LIST_MAX)
        )
        return [_invitation(r) for r in rows]

    async def pending_of(self, organization_id: UUID) -> list[Invitation]:
        rows = await self._session.execute(
            select(inv)
            .where(inv.c.organization_id == organization_id, inv.c.status == "pending")
            .order_by(inv.c.created_at.desc(), inv.c.id.desc())
            .limit(LIST_MAX)
        )
        return [_invitation(r) for r in rows]


class SqlJoinRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pending_for(self, organization_id: UUID, user_id: UUID) -> JoinRequest | None:
        row = (
            await self._session.execute(
                select(jr).where(
                    jr.c.organization_id == organization_id,
                    jr.c.user_id == user_id,
                    jr.c.status == "pending",
                )
            )
        ).first()
        return _join_request(row) if row else None

    async def add(self, *, organization_id: UUID, user_id: UUID, message: str) -> JoinRequest:
        row = (
            await self._session.execute(
                jr.insert()
                .values(organization_id=organization_id, user_id=user_id, message=message)
                .returning(*jr.c)
            )
        ).one()
        return _join_request(row)

    async def get_for_update(self, request_id: UUID) -> JoinRequest | None:
        row = (
            await self._session.execute(select(jr).where(jr.c.id == request_id).with_for_update())
        ).first()
        return _join_request(row) if row else None

    async def answer(
        self, request_id: UUID, *, status: JoinRequestStatus, answered_by: UUID
    ) -> JoinRequest:
        row = (
            await self._session.execute(
                update(jr)
                .where(jr.c.id == request_id)
                .values(
                    status=status.value,
                    answered_by=answered_by,
                    answered_at=func.clock_timestamp(),
                )
                .returning(*jr.c)
            )
        ).one()
        return _join_request(row)

    async def of_user(self, user_id: UUID) -> list[JoinRequest]:
        rows = await self._session.execute(
            select(jr)
            .where(jr.c.user_id == user_id)
            .order_by(jr.c.created_at.desc(), jr.c.id.desc())
            .limit(LIST_MAX)
        )
        return [_join_request(r) for r in rows]

    async def pending_of(self, organization_id: UUID) -> list[JoinRequest]:
        rows = await self._session.execute(
            select(jr)
            .where(jr.c.organization_id == organization_id, jr.c.status == "pending")
            .order_by(jr.c.created_at.desc(), jr.c.id.desc())
            .limit(LIST_MAX)
        )
        return [_join_request(r) for r in rows]
