"""Uploads are checked before their bytes are read: the API parses a multipart request only up
to `operations` and `map`, and the file streams from the network into the store only once the
resolver has decided the caller may upload there. Driven at the ASGI level to count the body
bytes the app consumed and to cut the request off mid-file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Message

from api.app import create_app
from api.deps import ApiDeps
from db.tables import attachments
from domain.attachments import SIZE_MAX_BYTES
from storage.filesystem import FilesystemDocumentStore
from tests.api.document_helpers import PDF, UPLOAD, stored, use_files
from tests.factories import make_initiative, make_organization, make_owner, make_user
from tests.graphql import gid

CHUNK = 64 * 1024
BOUNDARY = "innovex-test-boundary"


@pytest.fixture
def files(tmp_path: Path, api_deps: ApiDeps) -> FilesystemDocumentStore:
    return use_files(tmp_path, api_deps)


@dataclass
class Sent:
    status: int
    body: dict[str, Any]
    consumed: int  # body bytes the app read, in all
    answered_after: int  # body bytes it had read when it sent its answer


def _part(name: str, value: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
    ).encode()


def envelope(
    listing_id: str, file_name: str = "ban-ve.pdf", files_map: dict[str, list[str]] | None = None
) -> tuple[bytes, bytes]:
    """What comes before a file's bytes (operations, map, the file part's headers) and after."""
    operations = {"query": UPLOAD, "variables": {"input": {"listingId": listing_id, "file": None}}}
    head = (
        _part("operations", json.dumps(operations))
        + _part("map", json.dumps(files_map or {"0": ["variables.input.file"]}))
        + (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="0"; '
            f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
    )
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()


def body_chunks(head: bytes, size: int, tail: bytes) -> Iterator[bytes]:
    """A PDF of `size` bytes between head and tail, produced chunk by chunk (never in memory
    at once)."""
    yield head
    yield PDF
    left = size - len(PDF)
    while left > 0:
        n = min(CHUNK, left)
        yield b"\0" * n
        left -= n
    yield tail


async def send(
    api_deps: ApiDeps,
    token: str | None,
    chunks: Iterator[bytes],
    *,
    cut_after: int | None = None,  # bytes; then the client goes away
    truncate: bool = False,  # end the body there instead (more_body false)
) -> Sent:
    app = create_app(api_deps)
    consumed = 0
    pending = b""
    ended = False
    messages: list[Message] = []
    answered_after = -1

    async def receive() -> Message:
        nonlocal consumed, pending, ended
        if ended:
            return {"type": "http.disconnect"}
        chunk = pending or next(chunks, b"")
        pending = b""
        if cut_after is not None and consumed + len(chunk) >= cut_after:
            pending, chunk = b"", chunk[: cut_after - consumed]
            consumed += len(chunk)
            if truncate:
                ended = True
                return {"type": "http.request", "body": chunk, "more_body": False}
            if chunk:
                return {"type": "http.request", "body": chunk, "more_body": True}
            ended = True
            return {"type": "http.disconnect"}
        consumed += len(chunk)
        if not chunk:
            ended = True
        return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

    async def send_message(message: Message) -> None:
        nonlocal answered_after
        if message["type"] == "http.response.start":
            answered_after = consumed
        messages.append(message)

    headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }
    await app(scope, receive, send_message)
    start = next(m for m in messages if m["type"] == "http.response.start")
    raw = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return Sent(start["status"], json.loads(raw), consumed, answered_after)


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(attachments)) or 0)


async def _draft(session: AsyncSession) -> tuple[Any, str]:
    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org)
    return owner, gid("Initiative", initiative.id)


def _answer(sent: Sent) -> dict[str, Any]:
    assert sent.status == 200, sent
    assert "errors" not in sent.body, sent.body
    result: dict[str, Any] = sent.body["data"]["uploadAttachment"]
    return result


async def answered_before_the_bytes(
    api_deps: ApiDeps, token: str | None, listing: str, size: int = 1024 * 1024, **names: Any
) -> dict[str, Any]:
    """The answer to an upload of `size` bytes, sent after reading at most one chunk of them."""
    head, tail = envelope(listing, **names)
    sent = await send(api_deps, token, body_chunks(head, size, tail))
    assert sent.answered_after <= len(head) + len(PDF) + CHUNK
    return _answer(sent)


async def test_a_refused_upload_is_answered_before_its_bytes_are_read(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, listing = await _draft(session)
    outsider = await make_user(session)
    await make_organization(session, outsider.user)
    head, tail = envelope(listing)
    size = 8 * 1024 * 1024
    for token, refusal in ((None, "NotAuthenticated"), (outsider.token, "NotFound")):
        sent = await send(api_deps, token, body_chunks(head, size, tail))
        assert _answer(sent)["__typename"] == refusal
        # Answered after the envelope and at most one chunk of the file, of 8 MB sent.
        assert sent.consumed <= len(head) + len(PDF) + CHUNK, sent.consumed
    # A name with a path in it is refused from the part's headers alone.
    answer = await answered_before_the_bytes(
        api_deps, owner.token, listing, size, file_name="../../etc/passwd.pdf"
    )
    assert answer == {
        "__typename": "ValidationError",
        "fields": [{"path": ["fileName"], "code": "INVALID_FORMAT"}],
    }
    assert await _count(session) == 0
    assert stored(files) == []


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "/etc/passwd",
        "..",
        "ban\x01ve.pdf",
        "ban\tve.pdf",
    ],
)
async def test_path_tricks_in_names_are_refused_before_the_bytes_and_store_nothing(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore, name: str
) -> None:
    owner, listing = await _draft(session)
    answer = await answered_before_the_bytes(api_deps, owner.token, listing, file_name=name)
    assert answer == {
        "__typename": "ValidationError",
        "fields": [{"path": ["fileName"], "code": "INVALID_FORMAT"}],
    }
    assert await _count(session) == 0
    assert stored(files) == []


async def test_a_windows_full_path_keeps_only_its_last_part(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    # Old browsers send C:\\…\\name; python-multipart keeps the name (and keys never use it).
    owner, listing = await _draft(session)
    head, tail = envelope(listing, file_name="C:\\Users\\lan\\ban-ve.pdf")
    sent = await send(api_deps, owner.token, body_chunks(head, 4096, tail))
    assert _answer(sent)["attachment"]["fileName"] == "ban-ve.pdf"
    [kept] = stored(files)
    assert "ban-ve" not in str(kept)


async def test_names_too_long_and_a_full_quota_are_refused_before_the_bytes(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, listing = await _draft(session)
    long_name = "a" * 252 + ".pdf"
    answer = await answered_before_the_bytes(api_deps, owner.token, listing, file_name=long_name)
    assert answer == {
        "__typename": "ValidationError",
        "fields": [{"path": ["fileName"], "code": "TOO_LONG"}],
    }
    # An organisation with its quota used up is told so without sending the file.
    api_deps.storage_quota_bytes = 0
    answer = await answered_before_the_bytes(api_deps, owner.token, listing)
    assert answer == {"__typename": "Conflict", "conflictCode": "STORAGE_QUOTA_EXCEEDED"}
    assert await _count(session) == 0
    assert stored(files) == []


async def test_an_allowed_upload_streams_the_whole_file_into_the_store(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, listing = await _draft(session)
    head, tail = envelope(listing)
    size = 3 * 1024 * 1024 + 17
    sent = await send(api_deps, owner.token, body_chunks(head, size, tail))
    attachment = _answer(sent)["attachment"]
    assert (attachment["sizeBytes"], attachment["stored"]) == (size, True)
    [kept] = stored(files)
    assert kept.stat().st_size == size


@pytest.mark.parametrize("truncate", [False, True], ids=["client gone", "body cut short"])
async def test_an_interrupted_upload_leaves_nothing_behind(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore, truncate: bool
) -> None:
    owner, listing = await _draft(session)
    head, tail = envelope(listing)
    size = 2 * 1024 * 1024
    sent = await send(
        api_deps,
        owner.token,
        body_chunks(head, size, tail),
        cut_after=len(head) + size // 2,
        truncate=truncate,
    )
    assert _answer(sent) == {
        "__typename": "ValidationError",
        "fields": [{"path": ["file"], "code": "INVALID_FORMAT"}],
    }
    assert await _count(session) == 0
    assert stored(files) == []  # the temporary file too


async def test_a_file_over_50_mb_is_refused_and_nothing_is_kept(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, listing = await _draft(session)
    head, tail = envelope(listing)
    sent = await send(api_deps, owner.token, body_chunks(head, SIZE_MAX_BYTES + 1, tail))
    assert _answer(sent) == {
        "__typename": "ValidationError",
        "fields": [{"path": ["file"], "code": "OUT_OF_RANGE"}],
    }
    assert await _count(session) == 0
    assert stored(files) == []
    # Exactly 50 MB is accepted: the limit is on the bytes, not on a declared size.
    sent = await send(api_deps, owner.token, body_chunks(head, SIZE_MAX_BYTES, tail))
    assert _answer(sent)["attachment"]["sizeBytes"] == SIZE_MAX_BYTES


async def test_a_missing_file_or_a_file_before_the_map_gets_an_error_not_a_crash(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    owner, listing = await _draft(session)
    # The map names file "1", the request carries "0" only.
    head, tail = envelope(listing, files_map={"1": ["variables.input.file"]})
    sent = await send(api_deps, owner.token, body_chunks(head, 1024, tail))
    assert _answer(sent) == {
        "__typename": "ValidationError",
        "fields": [{"path": ["file"], "code": "REQUIRED"}],
    }
    # The spec puts operations and map first; a file before them is a bad request (400).
    operations = {"query": UPLOAD, "variables": {"input": {"listingId": listing, "file": None}}}
    misordered = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="a.pdf"\r\n\r\n'
        ).encode()
        + PDF
        + b"\r\n"
        + _part("operations", json.dumps(operations))
        + (
            _part("map", json.dumps({"0": ["variables.input.file"]}))
            + f"--{BOUNDARY}--\r\n".encode()
        )
    )
    sent = await send(api_deps, owner.token, iter([misordered]))
    assert sent.status == 400
    assert await _count(session) == 0
    assert stored(files) == []


async def test_the_httpx_client_path_still_works_for_small_files(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    from tests.api.document_helpers import upload

    owner, listing = await _draft(session)
    done = await upload(client, owner.token, listing, PDF)
    assert done["__typename"] == "AttachmentUploaded"


async def test_over_a_real_socket_a_refused_upload_gets_its_answer_and_the_connection_lives(
    api_deps: ApiDeps, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    from tests.live_support import serving_app

    owner, listing = await _draft(session)
    head, tail = envelope(listing)
    size = 8 * 1024 * 1024
    body = b"".join(body_chunks(head, size, tail))
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    async with (
        serving_app(create_app(api_deps)) as ws_url,
        httpx.AsyncClient(
            base_url=ws_url.replace("ws://", "http://").removesuffix("/graphql")
        ) as http,
    ):
        refused = await http.post("/graphql", content=body, headers=headers)
        assert refused.json()["data"]["uploadAttachment"]["__typename"] == "NotAuthenticated"
        # The server (uvicorn) reads and drops the unread file: the next request still works.
        allowed = await http.post(
            "/graphql", content=body, headers=headers | {"authorization": f"Bearer {owner.token}"}
        )
        assert allowed.json()["data"]["uploadAttachment"]["attachment"]["sizeBytes"] == size
    assert len(stored(files)) == 1


async def test_a_string_where_the_file_goes_is_a_typed_error(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    from tests.graphql import gql

    owner, listing = await _draft(session)
    answer = await gql(
        client, UPLOAD, {"input": {"listingId": listing, "file": "ban-ve.pdf"}}, token=owner.token
    )
    assert answer["uploadAttachment"] == {
        "__typename": "ValidationError",
        "fields": [{"path": ["file"], "code": "REQUIRED"}],
    }
    assert stored(files) == []
