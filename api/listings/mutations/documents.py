"""Stored documents over GraphQL: upload a file (GraphQL multipart request spec) as an
attachment, and ask for a short-lived signed download link. The download itself is a plain
GET of that link (api/downloads.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.attachments import _attachable
from api.listings.types.shared import AttachmentType
from api.multipart import MalformedUpload, UploadInterrupted, UploadMissing, UploadTooLarge
from api.relay import parse_global_id
from domain.attachments import SIZE_MAX_BYTES
from domain.documents import DownloadGrant, FileTooLarge
from domain.errors import FieldIssue, InvalidInput, ValidationCode
from domain.services import documents as documents_uc
from domain.services.accounts import require_user
from storage.sniff import sniff_media_type

CHUNK = 256 * 1024


@strawberry.input(description="A file to keep as an attachment. Confidential.")
class UploadAttachmentInput:
    listing_id: relay.GlobalID = strawberry.field(
        description="An Initiative, TechnologyOffer or Need."
    )
    file: Upload = strawberry.field(
        description="The file (multipart request). Its type is read from its content."
    )
    caption: str | None = None
    sha256: str | None = strawberry.field(
        default=None, description="If given, the upload is refused unless the content matches."
    )


@strawberry.type
class AttachmentUploaded:
    attachment: AttachmentType


@strawberry.type(description="A link that downloads the file, for you, until expiresAt.")
class DownloadLink:
    url: str
    expires_at: datetime
    sha256: str
    size_bytes: int


UploadAttachmentResult = Annotated[
    AttachmentUploaded | ErrorPayload, strawberry.union("UploadAttachmentResult")
]
DownloadLinkResult = Annotated[DownloadLink | ErrorPayload, strawberry.union("DownloadLinkResult")]


async def _chunks(upload: object) -> AsyncIterator[bytes]:
    read = getattr(upload, "read", None)
    if read is None:
        raise InvalidInput([FieldIssue(("file",), ValidationCode.REQUIRED, "must be a file")])
    while chunk := await read(CHUNK):
        yield chunk


def _file_issue(code: ValidationCode, message: str) -> InvalidInput:
    return InvalidInput([FieldIssue(("file",), code, message)])


async def _file_name(upload: object) -> str:
    """The name the client gave, read from the part's headers (not its content)."""
    if not hasattr(upload, "read"):  # a string in the variables, not a file part
        raise _file_issue(ValidationCode.REQUIRED, "must be a file")
    begin = getattr(upload, "begin", None)
    if begin is not None:
        await begin()
    return str(getattr(upload, "filename", "") or "")


@strawberry.type
class DocumentsMutation:
    @strawberry.mutation(
        description=(
            "Upload a file as an attachment of an initiative, offer or need (while its owner may "
            "change attachments). Members of the owner organisation. At most 50 MB, a common "
            "document or image type by content, within the organisation's storage quota."
        )
    )
    @payload
    async def upload_attachment(
        self, info: Info, input: UploadAttachmentInput
    ) -> UploadAttachmentResult:
        try:
            return await _upload(info, input)
        finally:
            close = getattr(input.file, "close", None)
            if close is not None:  # drops what the request still buffers of the file
                await close()


async def _upload(info: Info, input: UploadAttachmentInput) -> AttachmentUploaded:
    ctx = info.context
    store, _ = ctx.deps.require_documents()
    actor = await ctx.actor()
    require_user(actor)
    kind, listing_id = _attachable(input.listing_id)
    # Refused uploads are refused before a byte of the file is read from the request.
    await documents_uc.check_upload_allowed(
        ctx.uow,
        actor,
        listing_kind=kind,
        listing_id=listing_id,
        quota_bytes=ctx.deps.storage_quota_bytes,
    )
    await ctx.uow.rollback()  # no lock on the listing while the bytes arrive
    try:
        file_name = await _file_name(input.file)
        documents_uc.check_file_name(file_name)
        staged = await store.stage(_chunks(input.file), max_bytes=SIZE_MAX_BYTES)
    except FileTooLarge:
        raise _file_issue(ValidationCode.OUT_OF_RANGE, "is larger than 50 MB") from None
    except (UploadMissing, MalformedUpload):
        raise _file_issue(ValidationCode.REQUIRED, "is missing from the request") from None
    except UploadInterrupted:
        raise _file_issue(ValidationCode.INVALID_FORMAT, "was interrupted") from None
    except UploadTooLarge:
        raise _file_issue(ValidationCode.OUT_OF_RANGE, "the request is too large") from None
    try:
        attachment = await documents_uc.upload_attachment(
            ctx.uow,
            actor,
            listing_kind=kind,
            listing_id=listing_id,
            file_name=file_name,
            caption=input.caption,
            staged=staged,
            sniffed_type=sniff_media_type(staged.head, file_name),
            declared_sha256=input.sha256,
            quota_bytes=ctx.deps.storage_quota_bytes,
        )
        assert attachment.storage_key is not None
        await store.keep(staged, attachment.storage_key)
    except BaseException:
        await store.discard(staged)
        raise
    return AttachmentUploaded(attachment=AttachmentType.from_domain(attachment))


@strawberry.type
class DocumentsQuery:
    @strawberry.field(
        description=(
            "A signed link to download an attachment's file, valid for a few minutes and only "
            "for you. Those who may read the attachment may download it."
        )
    )
    @payload
    async def attachment_download_link(self, info: Info, id: relay.GlobalID) -> DownloadLinkResult:
        ctx = info.context
        _, signer = ctx.deps.require_documents()
        actor = await ctx.actor()
        user_id = require_user(actor)
        attachment_id = parse_global_id(id, "Attachment")
        found = await ctx.uow.attachments.get_many_readable(actor, [attachment_id])
        attachment = documents_uc.require_stored(found[0] if found else None, attachment_id)
        expires_at = ctx.now() + ctx.deps.download_link_ttl
        token = signer.sign(DownloadGrant(attachment.id, user_id, expires_at))
        return DownloadLink(
            url=f"{ctx.deps.public_url.rstrip('/')}/files/{token}",
            expires_at=expires_at,
            sha256=attachment.metadata.sha256,
            size_bytes=attachment.metadata.size_bytes,
        )
