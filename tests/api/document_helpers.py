"""Helpers of the stored-document tests: a file store in the test's temporary directory, the
GraphQL multipart request of an upload, and a stored attachment made without the API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ApiDeps
from db.uow import SqlUnitOfWork
from domain.attachments import Attachment, AttachmentMetadata
from domain.listings import ListingKind
from security.links import HmacLinkSigner
from storage.filesystem import FilesystemDocumentStore
from tests.graphql import ERRORS, data_of

LINK_SECRET = "test-secret-" * 4
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
UPLOAD = f"""mutation($input: UploadAttachmentInput!) {{ uploadAttachment(input: $input) {{
  __typename ... on AttachmentUploaded {{ attachment {{ id fileName mediaType sizeBytes sha256 stored }} }}
  {ERRORS} }} }}"""
LINK = f"""query($id: ID!) {{ attachmentDownloadLink(id: $id) {{ __typename
  ... on DownloadLink {{ url expiresAt sha256 sizeBytes }} {ERRORS} }} }}"""


def use_files(tmp_path: Path, api_deps: ApiDeps) -> FilesystemDocumentStore:
    store = FilesystemDocumentStore(tmp_path / "files")
    api_deps.document_store = store
    api_deps.link_signer = HmacLinkSigner(LINK_SECRET)
    api_deps.public_url = "http://testserver"
    return store


def stored(store: FilesystemDocumentStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


def multipart_upload(listing_id: str, content: bytes, name: str, **extra: Any) -> dict[str, Any]:
    """httpx's `data` and `files` of an uploadAttachment request (operations, map, then file)."""
    operations = {
        "query": UPLOAD,
        "variables": {"input": {"listingId": listing_id, "file": None, **extra}},
    }
    return {
        "data": {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        "files": {"0": (name, content, "application/pdf")},
    }


async def upload(
    client: httpx.AsyncClient,
    token: str | None,
    listing_id: str,
    content: bytes,
    name: str = "ban-ve.pdf",
    **extra: Any,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", **multipart_upload(listing_id, content, name, **extra), headers=headers
    )
    result: dict[str, Any] = data_of(response)["uploadAttachment"]
    return result


async def stored_attachment(
    session: AsyncSession,
    store: FilesystemDocumentStore,
    *,
    kind: ListingKind,
    listing_id: UUID,
    organization_id: UUID,
    added_by: UUID,
    content: bytes = PDF,
    file_name: str = "ho-so-ky-thuat.pdf",
) -> Attachment:
    """A file kept in the store and its record, in any state of the listing (the tests of who
    may download need files on listings past the states that accept uploads)."""
    import hashlib

    async def chunks() -> AsyncIterator[bytes]:
        yield content

    staged = await store.stage(chunks(), max_bytes=len(content))
    uow = SqlUnitOfWork(session)
    key = hashlib.sha256(content + listing_id.bytes).hexdigest()[:32]
    attachment = await uow.attachments.add(
        listing_kind=kind,
        listing_id=listing_id,
        organization_id=organization_id,
        metadata=AttachmentMetadata(
            file_name=file_name,
            media_type="application/pdf",
            size_bytes=len(content),
            sha256=staged.sha256,
        ),
        added_by=added_by,
        storage_key=key,
    )
    await uow.commit()
    await store.keep(staged, key)
    return attachment
