"""Use cases for needs and challenges: create, edit and move through their lifecycle."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.accounts import Actor
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
)
from domain.listings import (
    NEED_LIFECYCLE,
    NEED_PUBLIC,
    ListingKind,
    Need,
    NeedContent,
    NeedStatus,
)
from domain.services.accounts import require_user, require_verified_email
from domain.services.listings.content import check_need_complete, clean_need, clean_reason
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import (
    finish_move,
    listing_author,
    readable_or_not_found,
    record_creation,
    record_update,
    require_member,
)

# --- needs --------------------------------------------------------------------------------


async def create_need(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: NeedContent,
    now: datetime,
) -> Need:
    user_id = await listing_author(uow, actor, organization_id, "post needs for it")
    need = await uow.needs.add(
        organization_id=organization_id, created_by=user_id, content=clean_need(content)
    )
    await record_creation(uow, actor, ListingKind.NEED, need.id, draft=NeedStatus.DRAFT, at=now)
    return need


async def load_need(uow: ListingsUnitOfWork, actor: Actor, need_id: UUID) -> Need:
    require_user(actor)
    found = await uow.needs.get(need_id, for_update=True)
    public = found is not None and found.status in NEED_PUBLIC
    return readable_or_not_found(actor, found, public, "Need", need_id)


async def update_need(
    uow: ListingsUnitOfWork, actor: Actor, *, need_id: UUID, content: NeedContent
) -> Need:
    need = await load_need(uow, actor, need_id)
    require_member(actor, need.organization_id, "edit this need")
    if need.status is not NeedStatus.DRAFT:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "A need can be edited only as a draft.")
    updated = await uow.needs.update_content(need_id, clean_need(content))
    await record_update(uow, actor, ListingKind.NEED, need_id, status=updated.status)
    return updated


async def move_need(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    need_id: UUID,
    target: NeedStatus,
    reason: str | None,
    now: datetime,
) -> Need:
    need = await load_need(uow, actor, need_id)
    rule = NEED_LIFECYCLE.check(actor, need.organization_id, need.status, target)
    if target is NeedStatus.OPEN:
        require_verified_email(actor)
        check_need_complete(need.content, now)
        await _require_verified_for_commitments(uow, need)
    public_reason = clean_reason(rule, reason)
    moved = await uow.needs.set_status(need_id, expected=need.status, status=target, at=now)
    return await finish_move(
        uow,
        actor,
        ListingKind.NEED,
        need_id,
        moved,
        from_status=need.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )


async def _require_verified_for_commitments(uow: ListingsUnitOfWork, need: Need) -> None:
    """A prize or an order commitment is money promised in the portal's name: only a verified
    organisation may put one before the public (an unverified one drafts and waits)."""
    c = need.content
    if c.prize_vnd is None and not c.order_commitment:
        return
    organization = await uow.organizations.get(need.organization_id)
    if organization is None or not organization.verified:
        raise NotAllowed(
            NotAllowedCode.ORGANIZATION_UNVERIFIED,
            "Only a verified organisation publishes a need with a prize or an order commitment.",
        )
