"""Organisation verification: an organisation asks, with its registry code and the metadata of
its supporting documents (like attachments: the files stay with it); an operator of its
province verifies it or rejects the request with a public reason.

Until verified, an organisation may draft and submit, but not publish needs that carry a prize
or an order commitment, nor record deals; public outputs show it as unverified.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.attachments import AttachmentMetadata

DOCUMENTS_MAX = 10
REASON_MAX = 2_000


class VerificationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class VerificationRequest:
    id: UUID
    organization_id: UUID
    registry_code: str
    documents: tuple[AttachmentMetadata, ...]
    status: VerificationStatus
    requested_by: UUID
    created_at: datetime
    decided_by: UUID | None
    decided_at: datetime | None
    public_reason: str | None


class VerificationRepository(Protocol):
    async def add(
        self,
        *,
        organization_id: UUID,
        registry_code: str,
        documents: tuple[AttachmentMetadata, ...],
        requested_by: UUID,
    ) -> VerificationRequest: ...

    async def pending_of(self, organization_id: UUID) -> VerificationRequest | None:
        """The open request, locked for a decision."""
        ...

    async def decide(
        self,
        request_id: UUID,
        *,
        status: VerificationStatus,
        decided_by: UUID,
        public_reason: str | None,
    ) -> VerificationRequest: ...

    async def latest_of(self, organization_ids: list[UUID]) -> list[VerificationRequest]: ...
