"""Use cases of organisation verification (domain/verification.py). Each writes one audit
entry (ids, codes and the registry code; document names stay out, as for attachments) and,
when the verified flag changes, an outbox event so that search documents say so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.accounts import REGISTRY_CODE_RE, Actor, Organization
from domain.attachments import AttachmentMetadata, clean_attachment
from domain.errors import (
    Conflict,
    ConflictCode,
    InvalidInput,
    NotAllowed,
    NotAllowedCode,
    ValidationCode,
    Validator,
)
from domain.events import EntityKind, ListingChanged
from domain.ports import AccountsUnitOfWork
from domain.services.accounts import audit_organization, existing_organization, require_user
from domain.verification import (
    DOCUMENTS_MAX,
    REASON_MAX,
    VerificationRepository,
    VerificationRequest,
    VerificationStatus,
)


class VerificationUnitOfWork(AccountsUnitOfWork, Protocol):
    @property
    def verifications(self) -> VerificationRepository: ...


@dataclass(frozen=True, slots=True)
class RequestVerification:
    organization_id: UUID
    registry_code: str
    documents: tuple[AttachmentMetadata, ...] = ()


async def request_verification(
    uow: VerificationUnitOfWork, actor: Actor, cmd: RequestVerification
) -> VerificationRequest:
    user_id = require_user(actor)
    organization = await existing_organization(uow, cmd.organization_id)
    if not actor.manages(organization.id):
        raise NotAllowed(
            NotAllowedCode.NOT_THE_OWNER, "Only the organisation's owners and admins ask for it."
        )
    v = Validator()
    registry_code = (cmd.registry_code or "").strip()
    if not REGISTRY_CODE_RE.match(registry_code):
        v.add(
            "registryCode",
            ValidationCode.INVALID_FORMAT,
            "must be 4 to 32 letters, digits or dashes",
        )
    if not cmd.documents:
        v.add("documents", ValidationCode.REQUIRED, "at least one supporting document")
    elif len(cmd.documents) > DOCUMENTS_MAX:
        v.add("documents", ValidationCode.TOO_LONG, f"allows at most {DOCUMENTS_MAX}")
    documents: list[AttachmentMetadata] = []
    for i, document in enumerate(cmd.documents[:DOCUMENTS_MAX]):
        try:
            documents.append(clean_attachment(document))
        except InvalidInput as invalid:
            for issue in invalid.issues:
                v.add(f"documents.{i}.{'.'.join(issue.path)}", issue.code, issue.message)
    v.check()
    if organization.verified:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "The organisation is already verified.")
    if await uow.verifications.pending_of(organization.id) is not None:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "A request is already awaiting an operator.")
    if registry_code != organization.registry_code and await uow.organizations.registry_code_taken(
        registry_code
    ):
        raise Conflict(
            ConflictCode.REGISTRY_CODE_TAKEN, "An organisation with this registry code exists."
        )
    request = await uow.verifications.add(
        organization_id=organization.id,
        registry_code=registry_code,
        documents=tuple(documents),
        requested_by=user_id,
    )
    await audit_organization(
        uow,
        actor,
        organization.id,
        "verification_requested",
        request_id=request.id,
        registry_code=registry_code,
        documents=[d.sha256 for d in documents],
    )
    await uow.commit()
    return request


def _require_operator_for(actor: Actor, organization: Organization) -> None:
    require_user(actor)
    if not actor.is_staff:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "Only operators verify organisations.")
    if not actor.operates_in(organization.province_code):
        raise NotAllowed(
            NotAllowedCode.OUTSIDE_PROVINCE, "This organisation is outside your province."
        )


async def verify_organization(
    uow: VerificationUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    verified: bool = True,
    public_reason: str | None = None,
) -> Organization:
    """Verify (deciding the open request, if any) or withdraw a verification."""
    require_user(actor)
    organization = await existing_organization(uow, organization_id)
    _require_operator_for(actor, organization)
    v = Validator()
    reason = v.text("publicReason", public_reason, min_len=0, max_len=REASON_MAX) or None
    v.check()
    assert actor.user_id is not None
    pending = await uow.verifications.pending_of(organization.id)
    if verified and pending is not None:
        await uow.verifications.decide(
            pending.id,
            status=VerificationStatus.VERIFIED,
            decided_by=actor.user_id,
            public_reason=reason,
        )
    updated = await uow.organizations.set_verified(organization.id, verified)
    await audit_organization(
        uow,
        actor,
        organization.id,
        "verified" if verified else "verification_withdrawn",
        request_id=pending.id if verified and pending else None,
        reason=reason,
    )
    await uow.outbox.record(ListingChanged(EntityKind.ORGANIZATION, organization.id))
    await uow.commit()
    return updated


async def reject_verification(
    uow: VerificationUnitOfWork, actor: Actor, *, organization_id: UUID, public_reason: str
) -> VerificationRequest:
    organization = await existing_organization(uow, organization_id)
    _require_operator_for(actor, organization)
    v = Validator()
    reason = v.text("publicReason", public_reason, min_len=1, max_len=REASON_MAX)
    v.check()
    pending = await uow.verifications.pending_of(organization.id)
    if pending is None:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "No request awaits a decision.")
    assert actor.user_id is not None
    decided = await uow.verifications.decide(
        pending.id,
        status=VerificationStatus.REJECTED,
        decided_by=actor.user_id,
        public_reason=reason,
    )
    await audit_organization(
        uow, actor, organization.id, "verification_rejected", request_id=pending.id, reason=reason
    )
    await uow.commit()
    return decided
