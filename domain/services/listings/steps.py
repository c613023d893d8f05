"""Steps every listing use case shares: visibility, membership, the audit entry and outbox
event, the status timeline and the frozen version behind a receipt."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.accounts import Actor
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
)
from domain.events import ListingChanged
from domain.listings import (
    ListingKind,
    StatusChange,
)
from domain.receipts import Receipt, ReceiptSigner, issue_receipt
from domain.services.accounts import existing_organization, require_user
from domain.services.listings.ports import ListingsUnitOfWork

# --- shared steps -------------------------------------------------------------------------


class _Owned(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def organization_id(self) -> UUID: ...


L = TypeVar("L", bound=_Owned)
S = TypeVar("S", bound=enum.StrEnum)


def readable_or_not_found(
    actor: Actor, listing: L | None, public: bool, entity: str, key: UUID
) -> L:
    """Someone who may not see a listing learns nothing about it, not even that it exists."""
    if listing is None or not (
        public or actor.is_staff or actor.member_of(listing.organization_id)
    ):
        raise NotFound(entity, key)
    return listing


def require_member(actor: Actor, organization_id: UUID, what: str) -> None:
    if not actor.member_of(organization_id):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER, f"Only members of the owning organisation may {what}."
        )


async def record_change(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    kind: ListingKind,
    listing_id: UUID,
    action: str,
    data: dict[str, Any],
) -> None:
    """The audit entry and the outbox event every listing change writes."""
    await uow.audit.record(
        actor_id=actor.user_id,
        action=f"{kind.value}.{action}",
        entity_kind=kind.value,
        entity_id=listing_id,
        data=data,
    )
    await uow.outbox.record(ListingChanged(kind.entity_kind, listing_id))


async def record_move(
    uow: ListingsUnitOfWork,
    actor: Actor,
    kind: ListingKind,
    listing_id: UUID,
    *,
    from_status: enum.StrEnum | None,
    to_status: enum.StrEnum,
    action: str,
    reason: str | None,
    at: datetime,
    extra: dict[str, Any] | None = None,
) -> None:
    await uow.listing_records.record_status_change(
        kind,
        StatusChange(
            listing_id=listing_id,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value,
            reason=reason,
            at=at,
            actor_id=actor.user_id,
        ),
    )
    data: dict[str, Any] = {
        "from": from_status.value if from_status else None,
        "to": to_status.value,
        "reason": reason,
    }
    await record_change(
        uow, actor, kind=kind, listing_id=listing_id, action=action, data={**data, **(extra or {})}
    )


def stale(entity: str) -> Conflict:
    return Conflict(ConflictCode.STALE, f"The {entity} changed meanwhile; reload and retry.")


async def store_version(
    uow: ListingsUnitOfWork,
    signer: ReceiptSigner,
    actor: Actor,
    *,
    kind: ListingKind,
    listing_id: UUID,
    version: int,
    content: dict[str, Any],
    at: datetime,
) -> Receipt:
    # The listing row is locked by the move, so no attachment changes under the receipt.
    files = await uow.listing_records.attached_files(listing_id)
    receipt = issue_receipt(
        signer,
        listing_kind=kind.value,
        listing_id=listing_id,
        version=version,
        content=content,
        signed_at=at,
        files=files,
    )
    await uow.listing_records.add_version(
        kind=kind,
        listing_id=listing_id,
        version=version,
        content=content,
        digest=receipt.digest,
        signature=receipt.signature,
        key_id=receipt.key_id,
        signed_at=at,
        submitted_by=actor.user_id,
        files=receipt.files,
    )
    return receipt


async def listing_author(
    uow: ListingsUnitOfWork, actor: Actor, organization_id: UUID, what: str
) -> UUID:
    """The user creating a listing, once the organisation exists and they are its member."""
    user_id = require_user(actor)
    await existing_organization(uow, organization_id)
    require_member(actor, organization_id, what)
    return user_id


async def record_creation(
    uow: ListingsUnitOfWork,
    actor: Actor,
    kind: ListingKind,
    listing_id: UUID,
    *,
    draft: enum.StrEnum,
    at: datetime,
) -> None:
    """A new draft's first timeline step, audit entry and outbox event, committed."""
    await record_move(
        uow,
        actor,
        kind,
        listing_id,
        from_status=None,
        to_status=draft,
        action="created",
        reason=None,
        at=at,
    )
    await uow.commit()


async def record_update(
    uow: ListingsUnitOfWork,
    actor: Actor,
    kind: ListingKind,
    listing_id: UUID,
    *,
    status: enum.StrEnum,
) -> None:
    """An edit of a listing's content, committed."""
    await record_change(
        uow,
        actor,
        kind=kind,
        listing_id=listing_id,
        action="updated",
        data={"status": status.value},
    )
    await uow.commit()


M = TypeVar("M")


async def finish_move(
    uow: ListingsUnitOfWork,
    actor: Actor,
    kind: ListingKind,
    listing_id: UUID,
    moved: M | None,
    *,
    from_status: enum.StrEnum,
    to_status: enum.StrEnum,
    action: str,
    reason: str | None,
    at: datetime,
) -> M:
    """After `set_status`: a stale conflict if the row moved meanwhile, else the move is
    recorded and committed."""
    if moved is None:
        raise stale(kind.value)
    await record_move(
        uow,
        actor,
        kind,
        listing_id,
        from_status=from_status,
        to_status=to_status,
        action=action,
        reason=reason,
        at=at,
    )
    await uow.commit()
    return moved
