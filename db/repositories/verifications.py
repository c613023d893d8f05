"""Organisation verification requests (domain/verification.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update

from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import organization_verifications as ov
from domain.attachments import AttachmentMetadata
from domain.fields import field_values
from domain.verification import VerificationRequest, VerificationStatus


def _request(row: Any) -> VerificationRequest:
    return from_row(
        VerificationRequest,
        row,
        documents=tuple(AttachmentMetadata(**d) for d in row.documents),
        status=VerificationStatus(row.status),
    )


class SqlVerificationRepository(SqlRepository):
    async def add(
        self,
        *,
        organization_id: UUID,
        registry_code: str,
        documents: tuple[AttachmentMetadata, ...],
        requested_by: UUID,
    ) -> VerificationRequest:
        return await self._one(
            ov.insert()
            .values(
                organization_id=organization_id,
                registry_code=registry_code,
                documents=[field_values(d) for d in documents],
                requested_by=requested_by,
            )
            .returning(*ov.c),
            _request,
        )

    async def pending_of(self, organization_id: UUID) -> VerificationRequest | None:
        return await self._first(
            select(ov)
            .where(ov.c.organization_id == organization_id, ov.c.status == "pending")
            .with_for_update(),
            _request,
        )

    async def decide(
        self,
        request_id: UUID,
        *,
        status: VerificationStatus,
        decided_by: UUID,
        public_reason: str | None,
    ) -> VerificationRequest:
        return await self._one(
            update(ov)
            .where(ov.c.id == request_id)
            .values(
                status=status.value,
                decided_by=decided_by,
                decided_at=func.clock_timestamp(),
                public_reason=public_reason,
            )
            .returning(*ov.c),
            _request,
        )

    async def latest_of(self, organization_ids: list[UUID]) -> list[VerificationRequest]:
        """The newest request of each organisation that has one."""
        return await self._all(
            select(ov)
            .where(ov.c.organization_id.in_(organization_ids))
            .distinct(ov.c.organization_id)
            .order_by(ov.c.organization_id, ov.c.created_at.desc(), ov.c.id.desc()),
            _request,
        )
