"""Use cases for initiatives: create, edit, submit (a frozen version and a receipt) and move."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.accounts import Actor
from domain.errors import (
    Conflict,
    ConflictCode,
    FieldIssue,
    InvalidInput,
    ValidationCode,
)
from domain.listings import (
    INITIATIVE_EDITABLE,
    INITIATIVE_LIFECYCLE,
    INITIATIVE_PUBLIC,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    ListingKind,
    initiative_document,
)
from domain.receipts import Receipt, ReceiptSigner
from domain.services.accounts import require_user, require_verified_email
from domain.services.listings.content import (
    check_initiative_complete,
    clean_initiative,
    clean_reason,
)
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import (
    finish_move,
    listing_author,
    readable_or_not_found,
    record_creation,
    record_update,
    require_member,
)
from domain.services.listings.submission import submit_listing

# --- initiatives --------------------------------------------------------------------------


async def create_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: InitiativeContent,
    now: datetime,
) -> Initiative:
    user_id = await listing_author(uow, actor, organization_id, "register initiatives for it")
    cleaned = clean_initiative(content)
    initiative = await uow.initiatives.add(
        organization_id=organization_id, created_by=user_id, content=cleaned
    )
    await record_creation(
        uow, actor, ListingKind.INITIATIVE, initiative.id, draft=InitiativeStatus.DRAFT, at=now
    )
    return initiative


async def load_initiative(uow: ListingsUnitOfWork, actor: Actor, initiative_id: UUID) -> Initiative:
    require_user(actor)
    found = await uow.initiatives.get(initiative_id, for_update=True)
    # A provincial operator reads (and may move) its provinces' initiatives like staff.
    public = found is not None and (
        found.status in INITIATIVE_PUBLIC or actor.operates_in(found.content.province_code)
    )
    return readable_or_not_found(actor, found, public, "Initiative", initiative_id)


async def update_initiative(
    uow: ListingsUnitOfWork, actor: Actor, *, initiative_id: UUID, content: InitiativeContent
) -> Initiative:
    initiative = await load_initiative(uow, actor, initiative_id)
    require_member(actor, initiative.organization_id, "edit this initiative")
    if initiative.status not in INITIATIVE_EDITABLE:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            "An initiative can be edited only as a draft or when a revision was requested.",
        )
    updated = await uow.initiatives.update_content(initiative_id, clean_initiative(content))
    await record_update(uow, actor, ListingKind.INITIATIVE, initiative_id, status=updated.status)
    return updated


async def _submit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    target: InitiativeStatus,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    initiative = await load_initiative(uow, actor, initiative_id)
    require_verified_email(actor)
    return await submit_listing(
        uow,
        actor,
        signer,
        initiative,
        kind=ListingKind.INITIATIVE,
        lifecycle=INITIATIVE_LIFECYCLE,
        target=target,
        check_complete=check_initiative_complete,
        repository=uow.initiatives,
        document=initiative_document,
        now=now,
    )


async def submit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    return await _submit_initiative(
        uow, actor, signer, initiative_id=initiative_id, target=InitiativeStatus.SUBMITTED, now=now
    )


async def resubmit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    return await _submit_initiative(
        uow,
        actor,
        signer,
        initiative_id=initiative_id,
        target=InitiativeStatus.RESUBMITTED,
        now=now,
    )


_SUBMISSIONS = frozenset({InitiativeStatus.SUBMITTED, InitiativeStatus.RESUBMITTED})
_UNDER_COUNCIL = frozenset({InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RESUBMITTED})
_COUNCIL_DECISIONS = frozenset(
    {InitiativeStatus.ACCEPTED, InitiativeStatus.REJECTED, InitiativeStatus.REVISION_REQUESTED}
)


async def transition_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    initiative_id: UUID,
    target: InitiativeStatus,
    reason: str | None,
    now: datetime,
    council_decision: bool = False,
) -> Initiative:
    """Every move but (re)submission, which freezes a version and issues a receipt.

    A decision on a reviewed initiative (accept, reject or send back from under_review or
    resubmitted) is the council's: only `decide_initiative`, which checks the score sheets,
    passes `council_decision=True`. Screening may still turn a submission away on its own."""
    if target in _SUBMISSIONS:
        raise InvalidInput(
            [
                FieldIssue(
                    ("to",),
                    ValidationCode.INVALID_CHOICE,
                    "use submitInitiative or resubmitInitiative to submit",
                )
            ]
        )
    initiative = await load_initiative(uow, actor, initiative_id)
    rule = INITIATIVE_LIFECYCLE.check(
        actor,
        initiative.organization_id,
        initiative.status,
        target,
        province_code=initiative.content.province_code,
    )
    if (
        target in _COUNCIL_DECISIONS
        and initiative.status in _UNDER_COUNCIL
        and not council_decision
    ):
        raise Conflict(
            ConflictCode.DECISION_NEEDS_COUNCIL,
            "A reviewed initiative is decided with decideInitiative, on the reviewers' scores.",
        )
    public_reason = clean_reason(rule, reason)
    moved = await uow.initiatives.set_status(
        initiative_id, expected=initiative.status, status=target, at=now
    )
    return await finish_move(
        uow,
        actor,
        ListingKind.INITIATIVE,
        initiative_id,
        moved,
        from_status=initiative.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )


async def withdraw_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    initiative_id: UUID,
    reason: str | None,
    now: datetime,
) -> Initiative:
    return await transition_initiative(
        uow,
        actor,
        initiative_id=initiative_id,
        target=InitiativeStatus.WITHDRAWN,
        reason=reason,
        now=now,
    )
