"""Attachments of listings: the metadata of a document stored elsewhere.

Innovex has no file storage. An attachment records what the owner says about a document kept
in their own storage (name, media type, size, SHA-256 of the content, a caption), so that a
reader with access can ask for it and check the copy they receive against the hash.

The metadata is confidential, like a description: only those `can_read_confidential` allows
(the owner organisation's members, operators, assigned non-recused reviewers, parties of an
accepted connection with an NDA) may read it. Search documents never see it, and audit entries
carry only the attachment's id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.errors import ValidationCode, Validator
from domain.listings import ListingKind, ListingRef

FILE_NAME_MAX = 255
CAPTION_MAX = 500
SIZE_MIN_BYTES = 1
SIZE_MAX_BYTES = 50 * 1024 * 1024  # 50 MB
MAX_PER_LISTING = 20
ATTACHABLE_KINDS: frozenset[ListingKind] = frozenset(
    {ListingKind.INITIATIVE, ListingKind.OFFER, ListingKind.NEED}
)

# Common document and image types. Not SVG or HTML (they can carry scripts) and not archives
# or executables (their content cannot be reviewed by a reader before opening).
ALLOWED_MEDIA_TYPES: frozenset[str] = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "text/plain",
        "text/csv",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/tiff",
    }
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PATH_OR_CONTROL = re.compile(r"[/\\\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class AttachmentMetadata:
    """What the owner declares about a document."""

    file_name: str
    media_type: str
    size_bytes: int
    sha256: str  # hex digest of the content, lower case
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    id: UUID
    listing_kind: ListingKind
    listing_id: UUID
    organization_id: UUID  # the listing's owner, kept so visibility needs no join
    metadata: AttachmentMetadata
    added_by: UUID | None
    created_at: datetime
    storage_key: str | None = None  # the stored file; None for metadata of a file kept elsewhere

    @property
    def listing_ref(self) -> ListingRef:
        return ListingRef(self.listing_id, self.organization_id)


def clean_attachment(metadata: AttachmentMetadata) -> AttachmentMetadata:
    """The metadata, trimmed and normalised, or every problem with it at once."""
    v = Validator()
    m = metadata
    file_name = v.text("fileName", m.file_name, min_len=1, max_len=FILE_NAME_MAX)
    if file_name and (_PATH_OR_CONTROL.search(file_name) or file_name in {".", ".."}):
        v.add(
            "fileName",
            ValidationCode.INVALID_FORMAT,
            "must be a plain file name, without path separators or control characters",
        )
    media_type = (m.media_type or "").strip().lower()
    if media_type not in ALLOWED_MEDIA_TYPES:
        v.add(
            "mediaType",
            ValidationCode.INVALID_CHOICE,
            "is not an accepted document or image type",
        )
    if not SIZE_MIN_BYTES <= m.size_bytes <= SIZE_MAX_BYTES:
        v.add(
            "sizeBytes",
            ValidationCode.OUT_OF_RANGE,
            f"must be between {SIZE_MIN_BYTES} and {SIZE_MAX_BYTES} bytes (50 MB)",
        )
    sha256 = (m.sha256 or "").strip().lower()
    if not _SHA256.match(sha256):
        v.add("sha256", ValidationCode.INVALID_FORMAT, "must be 64 hexadecimal characters")
    caption = v.text("caption", m.caption, min_len=0, max_len=CAPTION_MAX) or None
    v.check()
    return AttachmentMetadata(
        file_name=file_name,
        media_type=media_type,
        size_bytes=m.size_bytes,
        sha256=sha256,
        caption=caption,
    )


class AttachmentRepository(Protocol):
    async def add(
        self,
        *,
        listing_kind: ListingKind,
        listing_id: UUID,
        organization_id: UUID,
        metadata: AttachmentMetadata,
        added_by: UUID,
        storage_key: str | None = None,
    ) -> Attachment: ...

    async def get(self, attachment_id: UUID) -> Attachment | None:
        """Unfiltered, for use cases (which apply the visibility rules themselves)."""
        ...

    async def count_for(self, listing_id: UUID) -> int: ...

    async def has_content(self, listing_id: UUID, sha256: str) -> bool:
        """Whether the listing already has an attachment with this content hash."""
        ...

    async def remove(self, attachment_id: UUID) -> bool: ...

    async def stored_bytes(self, organization_id: UUID) -> int:
        """Bytes of stored files of the organisation, its row locked until commit (so two
        uploads cannot both pass the quota)."""
        ...

    async def of_listings(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[Attachment]]:
        """Each listing's attachments, oldest first. Callers guard them as confidential."""
        ...
