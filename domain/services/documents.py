"""Use cases of stored documents: upload (with the checks on the bytes), and who may download.

The caller first runs `check_upload_allowed` and `check_file_name`, which need no byte of the
file (so a refused upload is never read, let alone written); then stages the upload (size and
SHA-256 counted while writing to a temporary file) and calls `upload_attachment`, which checks
again under locks, with the real size: the listing must be the actor's to change (as for
`add_attachment`), the organisation's stored bytes must stay within its quota, the type sniffed
from the content must be allowed and a declared SHA-256 must match. After the commit the caller
keeps the staged file under the new attachment's key; on any failure it discards it."""

from __future__ import annotations

import enum
import secrets
from uuid import UUID

from domain.accounts import Actor
from domain.attachments import (
    ATTACHABLE_KINDS,
    MAX_PER_LISTING,
    SIZE_MIN_BYTES,
    Attachment,
    AttachmentMetadata,
)
from domain.attachments import clean_attachment as _clean
from domain.documents import StagedFile
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
from domain.listings import ListingKind
from domain.services.accounts import require_user
from domain.services.attachments import AttachmentsUnitOfWork, _listing, _not_editable
from domain.services.listings import _record


def _invalid(path: str, code: ValidationCode, message: str) -> InvalidInput:
    return InvalidInput([FieldIssue((path,), code, message)])


async def check_upload_allowed(
    uow: AttachmentsUnitOfWork,
    actor: Actor,
    *,
    listing_kind: ListingKind,
    listing_id: UUID,
    quota_bytes: int,
    incoming_bytes: int = SIZE_MIN_BYTES,
) -> tuple[UUID, enum.StrEnum]:
    """Everything decided without the file's bytes: the listing is the actor's to change, it has
    room for another attachment, and the organisation's quota for `incoming_bytes` more. Runs
    before a byte of the upload is read (and again, with the real size, before recording it).
    Returns the listing's organisation and status."""
    require_user(actor)
    if listing_kind not in ATTACHABLE_KINDS:
        raise _invalid("listingId", ValidationCode.INVALID_CHOICE, "cannot have attachments")
    organization_id, status, editable = await _listing(uow, actor, listing_kind, listing_id)
    if not actor.member_of(organization_id):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER,
            "Only members of the owning organisation may upload attachments.",
        )
    if not editable:
        raise _not_editable(listing_kind)
    used = await uow.attachments.stored_bytes(organization_id)  # locks the organisation
    if used + incoming_bytes > quota_bytes:
        raise Conflict(
            ConflictCode.STORAGE_QUOTA_EXCEEDED,
            f"The organisation's files would exceed its storage quota of {quota_bytes} bytes "
            f"({used} bytes used).",
        )
    if await uow.attachments.count_for(listing_id) >= MAX_PER_LISTING:
        raise _invalid(
            "listingId",
            ValidationCode.TOO_LONG,
            f"a listing has at most {MAX_PER_LISTING} attachments",
        )
    return organization_id, status


def check_file_name(file_name: str) -> None:
    """The name alone (path tricks, control characters, length), before any byte is read."""
    probe = AttachmentMetadata(
        file_name=file_name, media_type="application/pdf", size_bytes=1, sha256="0" * 64
    )
    _clean(probe)  # the other fields are valid, so only the name can be refused


async def upload_attachment(
    uow: AttachmentsUnitOfWork,
    actor: Actor,
    *,
    listing_kind: ListingKind,
    listing_id: UUID,
    file_name: str,
    caption: str | None,
    staged: StagedFile,
    sniffed_type: str | None,
    declared_sha256: str | None,
    quota_bytes: int,
) -> Attachment:
    user_id = require_user(actor)
    # Again, locked this time: the listing and the organisation may have changed meanwhile.
    organization_id, status = await check_upload_allowed(
        uow,
        actor,
        listing_kind=listing_kind,
        listing_id=listing_id,
        quota_bytes=quota_bytes,
        incoming_bytes=staged.size_bytes,
    )
    if sniffed_type is None:
        raise _invalid(
            "file",
            ValidationCode.INVALID_CHOICE,
            "its content is not an accepted document or image type",
        )
    if declared_sha256 is not None and declared_sha256.strip().lower() != staged.sha256:
        raise _invalid("sha256", ValidationCode.INVALID_COMBINATION, "does not match the file")
    cleaned = _clean(
        AttachmentMetadata(
            file_name=file_name,
            media_type=sniffed_type,
            size_bytes=staged.size_bytes,
            sha256=staged.sha256,
            caption=caption,
        )
    )
    if await uow.attachments.has_content(listing_id, cleaned.sha256):
        raise Conflict(
            ConflictCode.ALREADY_EXISTS, "This listing already has a document with this content."
        )
    attachment = await uow.attachments.add(
        listing_kind=listing_kind,
        listing_id=listing_id,
        organization_id=organization_id,
        metadata=cleaned,
        added_by=user_id,
        storage_key=secrets.token_hex(16),
    )
    await _record(
        uow,
        actor,
        kind=listing_kind,
        listing_id=listing_id,
        action="attachment_uploaded",
        data={
            "attachment_id": str(attachment.id),
            "sha256": cleaned.sha256,
            "status": status.value,
        },
    )
    await uow.commit()
    return attachment


def require_stored(attachment: Attachment | None, attachment_id: UUID) -> Attachment:
    """An attachment the actor may read that has a stored file; otherwise NotFound (the same
    answer for one that does not exist, one the actor may not see, and metadata only)."""
    if attachment is None or attachment.storage_key is None:
        raise NotFound("Attachment", attachment_id)
    return attachment
