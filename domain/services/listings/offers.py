"""Use cases for technology offers: create, edit, submit, approve, renew and expire."""

from __future__ import annotations

from datetime import datetime, timedelta
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
    OFFER_EDITABLE,
    OFFER_LIFECYCLE,
    OFFER_PUBLIC,
    ListingKind,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
    offer_document,
)
from domain.receipts import Receipt, ReceiptSigner
from domain.services.accounts import require_user, require_verified_email
from domain.services.listings.content import check_offer_complete, clean_offer, clean_reason
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import (
    finish_move,
    listing_author,
    readable_or_not_found,
    record_change,
    record_creation,
    record_move,
    record_update,
    require_member,
)
from domain.services.listings.submission import submit_listing

OFFER_TERM = timedelta(days=365)  # how long an approved offer stays listed unless renewed
OFFER_MAX_TERM = timedelta(days=3 * 365)
EXPIRY_BATCH = 500

# --- technology offers --------------------------------------------------------------------


async def _check_linked_initiative(
    uow: ListingsUnitOfWork, organization_id: UUID, content: OfferContent
) -> None:
    if content.initiative_id is None:
        return
    linked = await uow.initiatives.get(content.initiative_id)
    if linked is None or linked.organization_id != organization_id:
        raise InvalidInput(
            [
                FieldIssue(
                    ("initiativeId",),
                    ValidationCode.INVALID_CHOICE,
                    "must be an initiative of the same organisation",
                )
            ]
        )


async def create_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: OfferContent,
    now: datetime,
) -> TechnologyOffer:
    user_id = await listing_author(uow, actor, organization_id, "list technology offers for it")
    cleaned = clean_offer(content)
    await _check_linked_initiative(uow, organization_id, cleaned)
    offer = await uow.offers.add(
        organization_id=organization_id, created_by=user_id, content=cleaned
    )
    await record_creation(uow, actor, ListingKind.OFFER, offer.id, draft=OfferStatus.DRAFT, at=now)
    return offer


async def load_offer(uow: ListingsUnitOfWork, actor: Actor, offer_id: UUID) -> TechnologyOffer:
    require_user(actor)
    found = await uow.offers.get(offer_id, for_update=True)
    public = found is not None and found.status in OFFER_PUBLIC
    return readable_or_not_found(actor, found, public, "TechnologyOffer", offer_id)


async def update_offer(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, content: OfferContent
) -> TechnologyOffer:
    offer = await load_offer(uow, actor, offer_id)
    require_member(actor, offer.organization_id, "edit this offer")
    if offer.status not in OFFER_EDITABLE:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "An offer can be edited only as a draft.")
    cleaned = clean_offer(content)
    await _check_linked_initiative(uow, offer.organization_id, cleaned)
    updated = await uow.offers.update_content(offer_id, cleaned)
    await record_update(uow, actor, ListingKind.OFFER, offer_id, status=updated.status)
    return updated


async def _move_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    offer: TechnologyOffer,
    target: OfferStatus,
    *,
    reason: str | None,
    now: datetime,
    expires_at: datetime | None = None,
) -> TechnologyOffer:
    rule = OFFER_LIFECYCLE.check(actor, offer.organization_id, offer.status, target)
    public_reason = clean_reason(rule, reason)
    moved = await uow.offers.set_status(
        offer.id, expected=offer.status, status=target, at=now, expires_at=expires_at
    )
    return await finish_move(
        uow,
        actor,
        ListingKind.OFFER,
        offer.id,
        moved,
        from_status=offer.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )


async def submit_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    offer_id: UUID,
    now: datetime,
) -> tuple[TechnologyOffer, Receipt]:
    offer = await load_offer(uow, actor, offer_id)
    require_verified_email(actor)
    target = OfferStatus.PENDING_APPROVAL

    return await submit_listing(
        uow,
        actor,
        signer,
        offer,
        kind=ListingKind.OFFER,
        lifecycle=OFFER_LIFECYCLE,
        target=target,
        check_complete=check_offer_complete,
        repository=uow.offers,
        document=offer_document,
        now=now,
    )


async def approve_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    offer_id: UUID,
    approved: bool,
    reason: str | None,
    now: datetime,
) -> TechnologyOffer:
    """Operators list a pending offer (for OFFER_TERM unless the owner asked for less), or
    return it to its owner as a draft with a public reason."""
    offer = await load_offer(uow, actor, offer_id)
    if not approved:
        return await _move_offer(uow, actor, offer, OfferStatus.DRAFT, reason=reason, now=now)
    expires_at = offer.expires_at
    if expires_at is None or expires_at <= now:
        expires_at = now + OFFER_TERM
    return await _move_offer(
        uow, actor, offer, OfferStatus.LISTED, reason=reason, now=now, expires_at=expires_at
    )


async def withdraw_offer(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, reason: str | None, now: datetime
) -> TechnologyOffer:
    offer = await load_offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.WITHDRAWN, reason=reason, now=now)


async def mark_offer_negotiating(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, now: datetime
) -> TechnologyOffer:
    offer = await load_offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.UNDER_NEGOTIATION, reason=None, now=now)


async def mark_offer_transferred(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, reason: str | None, now: datetime
) -> TechnologyOffer:
    offer = await load_offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.TRANSFERRED, reason=reason, now=now)


async def renew_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    offer_id: UUID,
    until: datetime,
    now: datetime,
) -> TechnologyOffer:
    """The owner extends a listed offer, or lists an expired one again, until `until`."""
    offer = await load_offer(uow, actor, offer_id)
    require_member(actor, offer.organization_id, "renew this offer")
    if not now < until <= now + OFFER_MAX_TERM:
        raise InvalidInput(
            [
                FieldIssue(
                    ("until",),
                    ValidationCode.OUT_OF_RANGE,
                    f"must be in the future and at most {OFFER_MAX_TERM.days} days ahead",
                )
            ]
        )
    if offer.status is OfferStatus.EXPIRED:
        return await _move_offer(
            uow, actor, offer, OfferStatus.LISTED, reason=None, now=now, expires_at=until
        )
    if offer.status not in {OfferStatus.LISTED, OfferStatus.UNDER_NEGOTIATION}:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION, "Only a listed or expired offer can be renewed."
        )
    renewed = await uow.offers.set_expiry(offer_id, until)
    await record_change(
        uow,
        actor,
        kind=ListingKind.OFFER,
        listing_id=offer_id,
        action="renewed",
        data={"status": offer.status.value, "expires_at": until.isoformat()},
    )
    await uow.commit()
    return renewed


async def expire_due_offers(uow: ListingsUnitOfWork, *, now: datetime) -> int:
    """Scheduled: listed offers past their expiry become expired (system actor, one commit)."""
    system = Actor.anonymous()
    due = await uow.offers.due_for_expiry(now, EXPIRY_BATCH)
    for offer in due:
        rule = OFFER_LIFECYCLE.rule(offer.status, OfferStatus.EXPIRED)
        assert rule is not None
        moved = await uow.offers.set_status(
            offer.id, expected=offer.status, status=OfferStatus.EXPIRED, at=now
        )
        if moved is None:
            continue
        await record_move(
            uow,
            system,
            ListingKind.OFFER,
            offer.id,
            from_status=offer.status,
            to_status=OfferStatus.EXPIRED,
            action=rule.action,
            reason="The listing period ended.",
            at=now,
        )
    await uow.commit()
    return len(due)
