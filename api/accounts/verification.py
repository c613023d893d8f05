"""Mutations of organisation verification: the organisation asks, an operator of its province
verifies or rejects with a public reason."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import OrganizationType, organization_id_of
from api.context import Info
from api.errors import ErrorPayload, payload
from domain import verification as domain
from domain.attachments import AttachmentMetadata
from domain.fields import from_fields
from domain.services import verification as uc

VerificationStatus = strawberry.enum(domain.VerificationStatus, name="VerificationStatus")


@strawberry.input(description="Metadata of a supporting document; the file stays with you.")
class VerificationDocumentInput:
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str = strawberry.field(description="SHA-256 of the content, 64 hex characters.")

    def to_domain(self) -> AttachmentMetadata:
        return from_fields(AttachmentMetadata, self)


@strawberry.input
class RequestOrganizationVerificationInput:
    organization_id: relay.GlobalID
    registry_code: str = strawberry.field(description="Business or registry number.")
    documents: list[VerificationDocumentInput]


@strawberry.input
class VerifyOrganizationInput:
    organization_id: relay.GlobalID
    verified: bool = strawberry.field(default=True, description="False withdraws it.")
    public_reason: str | None = None


@strawberry.input
class RejectOrganizationVerificationInput:
    organization_id: relay.GlobalID
    public_reason: str = strawberry.field(description="Shown to the organisation and public.")


@strawberry.type(name="VerificationRequest")
class VerificationRequestType:
    status: VerificationStatus  # type: ignore[valid-type]
    registry_code: str
    created_at: datetime
    decided_at: datetime | None
    public_reason: str | None
    document_count: int

    @classmethod
    def from_domain(cls, r: domain.VerificationRequest) -> VerificationRequestType:
        return from_fields(cls, r, document_count=len(r.documents))


@strawberry.type
class VerificationRequested:
    request: VerificationRequestType


@strawberry.type
class OrganizationVerified:
    organization: OrganizationType


@strawberry.type
class VerificationRejected:
    request: VerificationRequestType


RequestOrganizationVerificationResult = Annotated[
    VerificationRequested | ErrorPayload, strawberry.union("RequestOrganizationVerificationResult")
]
VerifyOrganizationResult = Annotated[
    OrganizationVerified | ErrorPayload, strawberry.union("VerifyOrganizationResult")
]
RejectOrganizationVerificationResult = Annotated[
    VerificationRejected | ErrorPayload, strawberry.union("RejectOrganizationVerificationResult")
]


@strawberry.type
class VerificationMutation:
    @strawberry.mutation(
        description="An organisation's owners ask to be verified, with the registry code and "
        "the metadata of supporting documents."
    )
    @payload
    async def request_organization_verification(
        self, info: Info, input: RequestOrganizationVerificationInput
    ) -> RequestOrganizationVerificationResult:
        ctx = info.context
        cmd = uc.RequestVerification(
            organization_id=organization_id_of(input.organization_id),
            registry_code=input.registry_code,
            documents=tuple(d.to_domain() for d in input.documents),
        )
        request = await uc.request_verification(ctx.uow, await ctx.actor(), cmd)
        return VerificationRequested(request=VerificationRequestType.from_domain(request))

    @strawberry.mutation(
        description="An operator of the organisation's province verifies it (deciding its open "
        "request) or withdraws a verification."
    )
    @payload
    async def verify_organization(
        self, info: Info, input: VerifyOrganizationInput
    ) -> VerifyOrganizationResult:
        ctx = info.context
        org = await uc.verify_organization(
            ctx.uow,
            await ctx.actor(),
            organization_id=organization_id_of(input.organization_id),
            verified=input.verified,
            public_reason=input.public_reason,
        )
        return OrganizationVerified(organization=OrganizationType.from_domain(org))

    @strawberry.mutation(
        description="An operator of the organisation's province rejects its open request with "
        "a public reason."
    )
    @payload
    async def reject_organization_verification(
        self, info: Info, input: RejectOrganizationVerificationInput
    ) -> RejectOrganizationVerificationResult:
        ctx = info.context
        request = await uc.reject_verification(
            ctx.uow,
            await ctx.actor(),
            organization_id=organization_id_of(input.organization_id),
            public_reason=input.public_reason,
        )
        return VerificationRejected(request=VerificationRequestType.from_domain(request))
