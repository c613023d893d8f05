"""The streaming multipart body (api/multipart.py) on its own: fields first, files pulled on
demand in the order they were sent, and malformed bodies refused as ValueErrors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from api.multipart import MalformedUpload, MultipartBody, UploadMissing

MAP = {"a": ["variables.a"], "b": ["variables.b"]}


def _request(files: dict[str, bytes], files_map: object = MAP) -> tuple[str, bytes]:
    request = httpx.Request(
        "POST",
        "http://testserver/graphql",
        data={"operations": json.dumps({"query": "{ x }"}), "map": json.dumps(files_map)},
        files={k: (f"{k}.pdf", v, "application/pdf") for k, v in files.items()},
    )
    return request.headers["content-type"], request.read()


async def _chunks(body: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for i in range(0, len(body), size):
        yield body[i : i + size]


async def _read_all(upload: object) -> bytes:
    data = b""
    while chunk := await upload.read(333):  # type: ignore[attr-defined]
        data += chunk
    return data


async def test_fields_come_first_and_files_stream_in_order() -> None:
    content_type, body = _request({"a": b"A" * 5000, "b": b"B" * 7000})
    parsed = MultipartBody(content_type, _chunks(body))
    await parsed.read_fields()
    assert set(parsed.fields) == {"operations", "map"}
    assert set(parsed.uploads) == {"a", "b"}
    first, second = parsed.uploads["a"], parsed.uploads["b"]
    await first.begin()
    assert first.filename == "a.pdf"
    assert await _read_all(first) == b"A" * 5000
    assert await _read_all(second) == b"B" * 7000


async def test_reading_a_later_file_drops_an_earlier_unread_one() -> None:
    content_type, body = _request({"a": b"A" * 50_000, "b": b"B" * 10})
    parsed = MultipartBody(content_type, _chunks(body))
    await parsed.read_fields()
    assert await _read_all(parsed.uploads["b"]) == b"B" * 10
    assert not parsed.uploads["a"].buffer  # nothing of it kept in memory
    with pytest.raises(UploadMissing):
        await parsed.uploads["a"].read()


async def test_a_file_the_map_names_but_the_body_lacks_is_missing() -> None:
    content_type, body = _request({"a": b"A"}, {"a": ["variables.a"], "z": ["variables.z"]})
    parsed = MultipartBody(content_type, _chunks(body))
    await parsed.read_fields()
    with pytest.raises(UploadMissing):
        await parsed.uploads["z"].read()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary"),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="map"\r\n\r\nnot json\r\n--x--\r\n',
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nA\r\n--x--\r\n',
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
            + b"x" * (1024 * 1024 + 1)
            + b"\r\n--x--\r\n",
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
            + json.dumps({str(i): [f"variables.f{i}"] for i in range(101)}).encode()
            + b"\r\n--x--\r\n",
        ),
    ],
    ids=["no boundary", "map not JSON", "file before map", "field over 1 MiB", "101 files"],
)
async def test_malformed_bodies_are_value_errors(content_type: str, body: bytes) -> None:
    async def parse() -> None:
        await MultipartBody(content_type, _chunks(body, 64 * 1024)).read_fields()

    with pytest.raises(MalformedUpload):
        await parse()
