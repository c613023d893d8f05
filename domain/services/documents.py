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
    NotFound,
    ValidationCode,
)
from domain.listings import ListingKind
from domain.services.accounts import require_user
from domain.services.attachments import (
    AttachmentsUnitOfWork,
    changeable_listing,
    record_added,
    require_room,
)


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
    organization_id, status = await changeable_listing(
        uow, actor, listing_kind, listing_id, verb="upload"
    )
    used = await uow.attachments.stored_bytes(organization_id)  # locks the organisation
    if used + incoming_bytes > quota_bytes:
        raise Conflict(
            ConflictCode.STORAGE_QUOTA_EXCEEDED,
            f"The organisation's files would exceed its storage quota of {quota_bytes} bytes "
            f"({used} bytes used).",
        )
    await require_room(uow, listing_id)
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
    require_user(actor)
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
    return await record_added(
        uow,
        actor,
        listing_kind=listing_kind,
        listing_id=listing_id,
        organization_id=organization_id,
        status=status,
        metadata=cleaned,
        action="attachment_uploaded",
        audit={"sha256": cleaned.sha256},
        storage_key=secrets.token_hex(16),
    )


def require_stored(attachment: Attachment | None, attachment_id: UUID) -> Attachment:
    """An attachment the actor may read that has a stored file; otherwise NotFound (the same
    answer for one that does not exist, one the actor may not see, and metadata only)."""
    if attachment is None or attachment.storage_key is None:
        raise NotFound("Attachment", attachment_id)
    return attachment
