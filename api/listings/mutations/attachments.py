"""Mutations of attachments: documents' metadata on initiatives, offers and needs."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.types.shared import AttachmentType
from api.relay import invalid_input, parse_global_id
from domain import listings as domain
from domain.attachments import AttachmentMetadata
from domain.errors import ValidationCode
from domain.fields import from_fields
from domain.services import attachments as attachments_uc


@strawberry.input(
    description=(
        "Metadata of a document stored elsewhere, attached to an initiative, technology offer "
        "or need. Confidential."
    )
)
class AddAttachmentInput:
    listing_id: relay.GlobalID = strawberry.field(
        description="An Initiative, TechnologyOffer or Need."
    )
    file_name: str = strawberry.field(description="1 to 255 characters, no path separators.")
    media_type: str = strawberry.field(description="A common document or image type.")
    size_bytes: int = strawberry.field(description="1 byte to 50 MB.")
    sha256: str = strawberry.field(description="SHA-256 of the content, 64 hex characters.")
    caption: str | None = None


@strawberry.input
class RemoveAttachmentInput:
    id: relay.GlobalID


_ATTACHABLE: dict[str, domain.ListingKind] = {
    "Initiative": domain.ListingKind.INITIATIVE,
    "TechnologyOffer": domain.ListingKind.OFFER,
    "Need": domain.ListingKind.NEED,
}


def _attachable(listing_id: relay.GlobalID) -> tuple[domain.ListingKind, UUID]:
    kind = _ATTACHABLE.get(listing_id.type_name)
    if kind is None:
        raise invalid_input(
            ("listingId",),
            ValidationCode.INVALID_FORMAT,
            "is not the id of an Initiative, TechnologyOffer or Need",
        )
    return kind, parse_global_id(listing_id, listing_id.type_name, "listingId")


@strawberry.type
class AttachmentAdded:
    attachment: AttachmentType


@strawberry.type
class AttachmentRemoved:
    removed_attachment_id: relay.GlobalID


AddAttachmentResult = Annotated[
    AttachmentAdded | ErrorPayload, strawberry.union("AddAttachmentResult")
]


RemoveAttachmentResult = Annotated[
    AttachmentRemoved | ErrorPayload, strawberry.union("RemoveAttachmentResult")
]


@strawberry.type
class AttachmentsMutation:
    @strawberry.mutation(
        description=(
            "Record a document's metadata on an initiative (draft or revision requested), "
            "offer (draft) or need (draft or open). Members of the owner organisation."
        )
    )
    @payload
    async def add_attachment(self, info: Info, input: AddAttachmentInput) -> AddAttachmentResult:
        kind, listing_id = _attachable(input.listing_id)
        added = await info.context.act(
            attachments_uc.add_attachment,
            listing_kind=kind,
            listing_id=listing_id,
            metadata=from_fields(AttachmentMetadata, input),
        )
        return AttachmentAdded(attachment=AttachmentType.from_domain(added))

    @strawberry.mutation(
        description=(
            "Remove an attachment: members of the owner organisation while they may add one, "
            "operators at any time."
        )
    )
    @payload
    async def remove_attachment(
        self, info: Info, input: RemoveAttachmentInput
    ) -> RemoveAttachmentResult:
        removed = await info.context.act(
            attachments_uc.remove_attachment, attachment_id=parse_global_id(input.id, "Attachment")
        )
        store = info.context.deps.document_store
        if removed.storage_key is not None and store is not None:
            # After the commit: a failed delete leaves an unreferenced file, never a record
            # without its file.
            await store.delete(removed.storage_key)
        return AttachmentRemoved(
            removed_attachment_id=relay.GlobalID("Attachment", str(removed.id))
        )
