"""Permission-matrix cells of attachments and their files: metadata (add, remove, read), the
upload of a file (a GraphQL multipart request) and its download (a link, then GET /files/…)."""

from __future__ import annotations

from typing import Any

import httpx

from domain.listings import ListingKind, OfferStatus
from tests.api.document_helpers import PDF, stored, stored_attachment
from tests.api.matrix_world import REFUSALS, Call, Prepare, World, typename
from tests.factories import attachment_metadata, make_attachment, make_offer
from tests.graphql import gid

UPLOAD = """mutation($input: UploadAttachmentInput!) { uploadAttachment(input: $input) {
  __typename ... on AttachmentUploaded { attachment { stored sizeBytes } } } }"""
LINK = """query($id: ID!) { attachmentDownloadLink(id: $id) { __typename
  ... on DownloadLink { url } } }"""


async def p_add_attachment(w: World) -> Call:
    offer = await w.offer()
    return Call(
        """mutation($l: ID!, $sha: String!) { addAttachment(input: {listingId: $l,
            fileName: "ban-ve.pdf", mediaType: "application/pdf", sizeBytes: 2048,
            sha256: $sha}) { __typename } }""",
        {"l": gid("TechnologyOffer", offer.id), "sha": "ab" * 32},
        "addAttachment",
        typename("AttachmentAdded"),
    )


async def p_remove_attachment(w: World) -> Call:
    offer = await w.offer()
    attachment = await make_attachment(
        w.session, w.users["owner"].user, w.org, ListingKind.OFFER, offer.id
    )
    return Call(
        "mutation($id: ID!) { removeAttachment(input: {id: $id}) { __typename } }",
        {"id": gid("Attachment", attachment.id)},
        "removeAttachment",
        typename("AttachmentRemoved"),
    )


async def p_offer_attachments(w: World) -> Call:
    offer = await w.offer(OfferStatus.LISTED, attachments=[attachment_metadata()])
    return Call(
        "query($id: ID!) { node(id: $id) { ... on TechnologyOffer { attachments { fileName } } } }",
        {"id": gid("TechnologyOffer", offer.id)},
        "node",
        succeeded=lambda v: v is not None and len(v["attachments"]) == 1,
        refused=lambda v: v is not None and v["attachments"] == [],
    )


async def p_upload_attachment(w: World) -> Call:
    offer = await w.offer()

    def kept_one(v: Any) -> bool:
        return (
            v
            == {
                "__typename": "AttachmentUploaded",
                "attachment": {"stored": True, "sizeBytes": len(PDF)},
            }
            and len(stored(w.store)) == 1
        )

    def refused(v: Any) -> bool:  # and not a byte of it on disk, temporary files included
        return isinstance(v, dict) and v.get("__typename") in REFUSALS and stored(w.store) == []

    return Call(
        UPLOAD,
        {"input": {"listingId": gid("TechnologyOffer", offer.id), "file": None}},
        "uploadAttachment",
        succeeded=kept_one,
        refused=refused,
        files={"0": ("variables.input.file", "ban-ve.pdf", PDF)},
    )


async def p_download(w: World) -> Call:
    owner = w.users["owner"].user
    offer = await make_offer(w.session, owner, w.org, status=OfferStatus.LISTED)
    attachment = await stored_attachment(
        w.session,
        w.store,
        kind=ListingKind.OFFER,
        listing_id=offer.id,
        organization_id=w.org.id,
        added_by=owner.id,
    )

    async def downloads(client: httpx.AsyncClient, v: Any) -> bool:
        response = await client.get(v["url"])
        return response.status_code == 200 and response.content == PDF

    return Call(
        LINK,
        {"id": gid("Attachment", attachment.id)},
        "attachmentDownloadLink",
        typename("DownloadLink"),
        follow=downloads,
    )


DOCUMENT_CELLS: dict[str, Prepare] = {
    "addAttachment": p_add_attachment,
    "removeAttachment": p_remove_attachment,
    "TechnologyOffer.attachments": p_offer_attachments,
    "uploadAttachment (multipart)": p_upload_attachment,
    "attachmentDownloadLink, then GET /files/…": p_download,
}
