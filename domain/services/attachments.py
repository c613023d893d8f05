"""Use cases for attachments' metadata.

Who and when:
- Members of the owner organisation add and remove attachments while the listing is theirs to
  change: an initiative as a draft or when a revision was requested (a submitted version is
  frozen by its receipt), an offer as a draft, a need as a draft or while it is open (a poser
  may add clarifications for suppliers while they answer).
- Operators may remove an attachment in any state (moderation); they do not add them.

Each change writes one audit entry (with the attachment's id and the listing only: file names
and captions are confidential), one outbox `ListingChanged`, and commits once.
"""

from __future__ import annotations

import enum
from typing import Protocol
from uuid import UUID

from domain.accounts import Actor
from domain.attachments import (
    ATTACHABLE_KINDS,
    MAX_PER_LISTING,
    Attachment,
    AttachmentMetadata,
    AttachmentRepository,
    clean_attachment,
)
from domain.errors import (
    Conflict,
    ConflictCode,
    FieldIssue,
    InvalidInput,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
)
from domain.listings import (
    INITIATIVE_EDITABLE,
    OFFER_EDITABLE,
    ListingKind,
    NeedStatus,
)
from domain.services.accounts import require_user
from domain.services.listings import (
    ListingsUnitOfWork,
    _initiative,
    _need,
    _offer,
    _record,
)

NEED_ATTACHABLE: frozenset[NeedStatus] = frozenset({NeedStatus.DRAFT, NeedStatus.OPEN})


class AttachmentsUnitOfWork(ListingsUnitOfWork, Protocol):
    @property
    def attachments(self) -> AttachmentRepository: ...


async def _listing(
    uow: AttachmentsUnitOfWork, actor: Actor, kind: ListingKind, listing_id: UUID
) -> tuple[UUID, enum.StrEnum, bool]:
    """The listing's organisation and status (locked for this transaction), and whether its
    owner may change its attachments in that status. Someone who may not see the listing
    learns nothing about it (NotFound)."""
    match kind:
        case ListingKind.INITIATIVE:
            initiative = await _initiative(uow, actor, listing_id)
            return (
                initiative.organization_id,
                initiative.status,
                initiative.status in INITIATIVE_EDITABLE,
            )
        case ListingKind.OFFER:
            offer = await _offer(uow, actor, listing_id)
            return offer.organization_id, offer.status, offer.status in OFFER_EDITABLE
        case ListingKind.NEED:
            need = await _need(uow, actor, listing_id)
            return need.organization_id, need.status, need.status in NEED_ATTACHABLE
    raise InvalidInput(
        [FieldIssue(("listingId",), ValidationCode.INVALID_CHOICE, "cannot have attachments")]
    )


def _not_editable(kind: ListingKind) -> Conflict:
    when = {
        ListingKind.INITIATIVE: "as a draft or when a revision was requested",
        ListingKind.OFFER: "as a draft",
        ListingKind.NEED: "as a draft or while it is open",
    }[kind]
    return Conflict(
        ConflictCode.INVALID_TRANSITION,
        f"Attachments of a {kind.value} can be changed only {when}.",
    )


async def changeable_listing(
    uow: AttachmentsUnitOfWork,
    actor: Actor,
    listing_kind: ListingKind,
    listing_id: UUID,
    *,
    verb: str,
) -> tuple[UUID, enum.StrEnum]:
    """The listing's organisation and status, if the actor's organisation may change its
    attachments now (`verb` names the change in the refusal)."""
    if listing_kind not in ATTACHABLE_KINDS:
        raise InvalidInput(
            [FieldIssue(("listingId",), ValidationCode.INVALID_CHOICE, "cannot have attachments")]
        )
    organization_id, status, editable = await _listing(uow, actor, listing_kind, listing_id)
    if not actor.member_of(organization_id):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER,
            f"Only members of the owning organisation may {verb} attachments.",
        )
    if not editable:
        raise _not_editable(listing_kind)
    return organization_id, status


async def require_room(uow: AttachmentsUnitOfWork, listing_id: UUID) -> None:
    # The listing row is locked, so the count cannot change under us.
    if await uow.attachments.count_for(listing_id) >= MAX_PER_LISTING:
        raise InvalidInput(
            [
                FieldIssue(
                    ("listingId",),
                    ValidationCode.TOO_LONG,
                    f"a listing has at most {MAX_PER_LISTING} attachments",
                )
            ]
        )


async def record_added(
    uow: AttachmentsUnitOfWork,
    actor: Actor,
    *,
    listing_kind: ListingKind,
    listing_id: UUID,
    organization_id: UUID,
    status: enum.StrEnum,
    metadata: AttachmentMetadata,
    action: str,
    audit: dict[str, str] | None = None,
    storage_key: str | None = None,
) -> Attachment:
    """Refuse a second copy of the same content, then add, audit and commit once."""
    if await uow.attachments.has_content(listing_id, metadata.sha256):
        raise Conflict(
            ConflictCode.ALREADY_EXISTS, "This listing already has a document with this content."
        )
    attachment = await uow.attachments.add(
        listing_kind=listing_kind,
        listing_id=listing_id,
        organization_id=organization_id,
        metadata=metadata,
        added_by=require_user(actor),
        storage_key=storage_key,
    )
    await _record(
        uow,
        actor,
        kind=listing_kind,
        listing_id=listing_id,
        action=action,
        data={"attachment_id": str(attachment.id), **(audit or {}), "status": status.value},
    )
    await uow.commit()
    return attachment


async def add_attachment(
    uow: AttachmentsUnitOfWork,
    actor: Actor,
    *,
    listing_kind: ListingKind,
    listing_id: UUID,
    metadata: AttachmentMetadata,
) -> Attachment:
    require_user(actor)
    organization_id, status = await changeable_listing(
        uow, actor, listing_kind, listing_id, verb="add"
    )
    cleaned = clean_attachment(metadata)
    await require_room(uow, listing_id)
    return await record_added(
        uow,
        actor,
        listing_kind=listing_kind,
        listing_id=listing_id,
        organization_id=organization_id,
        status=status,
        metadata=cleaned,
        action="attachment_added",
    )


async def remove_attachment(
    uow: AttachmentsUnitOfWork, actor: Actor, *, attachment_id: UUID
) -> Attachment:
    require_user(actor)
    attachment = await uow.attachments.get(attachment_id)
    if attachment is None or not (actor.is_staff or actor.member_of(attachment.organization_id)):
        # An attachment's existence is as confidential as its metadata.
        raise NotFound("Attachment", attachment_id)
    kind = attachment.listing_kind
    _, status, editable = await _listing(uow, actor, kind, attachment.listing_id)
    if not actor.is_staff and not editable:
        raise _not_editable(kind)
    if not await uow.attachments.remove(attachment_id):
        raise Conflict(ConflictCode.STALE, "The attachment was removed meanwhile.")
    await _record(
        uow,
        actor,
        kind=kind,
        listing_id=attachment.listing_id,
        action="attachment_removed",
        data={"attachment_id": str(attachment_id), "status": status.value},
    )
    await uow.commit()
    return attachment
