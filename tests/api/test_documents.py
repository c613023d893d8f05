"""Stored documents over GraphQL multipart uploads and signed download links, on the file
system under a temporary data directory: refused first (nothing stored), checks on the bytes,
confidentiality of downloads, deletion, quota."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.deps import ApiDeps
from db.tables import attachments
from storage.filesystem import FilesystemDocumentStore
from tests.api.document_helpers import LINK, PDF, stored, upload, use_files
from tests.factories import make_initiative, make_organization, make_owner, make_user
from tests.graphql import ERRORS, gql

REMOVE = (
    f"""mutation($id: ID!) {{ removeAttachment(input: {{id: $id}}) {{ __typename {ERRORS} }} }}"""
)


@pytest.fixture
def files(tmp_path: Path, api_deps: ApiDeps) -> FilesystemDocumentStore:
    return use_files(tmp_path, api_deps)


async def _world(session: AsyncSession) -> tuple[Any, Any, str]:
    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org)
    return owner, org, str(relay.GlobalID("Initiative", str(initiative.id)))


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(attachments)) or 0)


async def test_upload_is_refused_first_for_anonymous_and_outsiders_and_stores_nothing(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    _, _, listing = await _world(session)
    outsider = await make_user(session)
    await make_organization(session, outsider.user)
    assert (await upload(client, None, listing, PDF))["__typename"] == "NotAuthenticated"
    assert (await upload(client, outsider.token, listing, PDF))["__typename"] == "NotFound"
    assert await _count(session) == 0
    assert stored(files) == []


async def test_bad_files_get_typed_errors_and_leave_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    files: FilesystemDocumentStore,
    api_deps: ApiDeps,
) -> None:
    owner, _, listing = await _world(session)
    # an executable declared as a PDF: the content decides
    exe = await upload(client, owner.token, listing, b"MZ\x90\x00" + b"\x00" * 200)
    assert exe == {
        "__typename": "ValidationError",
        "fields": [{"path": ["file"], "code": "INVALID_CHOICE"}],
    }
    html = await upload(
        client, owner.token, listing, b"<html><script>x</script></html>", name="a.html"
    )
    assert html["__typename"] == "ValidationError"
    tricky = await upload(client, owner.token, listing, PDF, name="../../etc/passwd.pdf")
    assert tricky["__typename"] == "ValidationError"
    wrong_hash = await upload(client, owner.token, listing, PDF, sha256="0" * 64)
    assert wrong_hash == {
        "__typename": "ValidationError",
        "fields": [{"path": ["sha256"], "code": "INVALID_COMBINATION"}],
    }
    api_deps.storage_quota_bytes = len(PDF) - 1
    over = await upload(client, owner.token, listing, PDF)
    assert over == {"__typename": "Conflict", "conflictCode": "STORAGE_QUOTA_EXCEEDED"}
    assert await _count(session) == 0
    assert stored(files) == []


async def test_upload_download_and_delete(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, _, listing = await _world(session)
    done = await upload(
        client, owner.token, listing, PDF, caption="Bản vẽ", sha256=hashlib.sha256(PDF).hexdigest()
    )
    attachment = done["attachment"]
    assert attachment["mediaType"] == "application/pdf"
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attachment["sizeBytes"] == len(PDF)
    assert attachment["stored"] is True
    [kept] = stored(files)
    assert "ban-ve" not in str(kept)  # keys are random, never the file name

    # denied first: anonymous and an outsider get no link
    assert (await gql(client, LINK, {"id": attachment["id"]}))["attachmentDownloadLink"][
        "__typename"
    ] == "NotAuthenticated"
    outsider = await make_user(session)
    refused = await gql(client, LINK, {"id": attachment["id"]}, token=outsider.token)
    assert refused["attachmentDownloadLink"]["__typename"] == "NotFound"

    link = (await gql(client, LINK, {"id": attachment["id"]}, token=owner.token))[
        "attachmentDownloadLink"
    ]
    response = await client.get(link["url"])
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"

    # forged and tampered links
    token = link["url"].rsplit("/", 1)[1]
    assert (await client.get("/files/" + token[:-2] + "AA")).status_code == 403
    assert (await client.get("/files/garbage")).status_code == 403

    removed = await gql(client, REMOVE, {"id": attachment["id"]}, token=owner.token)
    assert removed["removeAttachment"]["__typename"] == "AttachmentRemoved"
    assert stored(files) == []
    assert (await client.get(link["url"])).status_code == 404


async def test_expired_links_are_refused(
    client: httpx.AsyncClient,
    session: AsyncSession,
    files: FilesystemDocumentStore,
    api_deps: ApiDeps,
) -> None:
    owner, _, listing = await _world(session)
    done = await upload(client, owner.token, listing, PDF)
    api_deps.download_link_ttl = timedelta(seconds=-1)
    link = (await gql(client, LINK, {"id": done["attachment"]["id"]}, token=owner.token))[
        "attachmentDownloadLink"
    ]
    response = await client.get(link["url"])
    assert response.status_code == 410
    assert response.json()["errors"][0]["extensions"]["code"] == "LINK_EXPIRED"


async def test_a_link_stops_working_when_its_user_loses_access(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    from db.uow import SqlUnitOfWork
    from domain.accounts import MemberRole

    owner, org, listing = await _world(session)
    member = await make_user(session)
    uow = SqlUnitOfWork(session)
    await uow.organizations.add_member(org.id, member.user.id, MemberRole.MEMBER)
    await uow.commit()
    done = await upload(client, owner.token, listing, PDF)
    link = (await gql(client, LINK, {"id": done["attachment"]["id"]}, token=member.token))[
        "attachmentDownloadLink"
    ]
    await uow.organizations.remove_member(org.id, member.user.id)
    await uow.commit()
    assert (await client.get(link["url"])).status_code == 404
