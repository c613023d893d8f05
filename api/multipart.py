"""GraphQL multipart requests whose files are read from the network only when a resolver asks.

Starlette's form parser spools every file to a temporary file before the operation runs, so an
upload that its resolver would refuse is written to disk anyway. Here the body is parsed
(python-multipart) only up to the `operations` and `map` fields, which the GraphQL multipart
request spec puts before the files; each file becomes a `StreamedUpload` that pulls its bytes
from the request when read. A resolver checks permissions first, then streams the bytes
straight into the document store; a refused upload is never read at all.

Files must be read in the order they were sent: reading a later file skips (drops) the bytes of
an earlier unread one, so memory holds at most one network chunk.
"""

from __future__ import annotations

import codecs
import json
from collections import deque
from collections.abc import AsyncIterator, Mapping
from typing import Any

from cross_web import FormData, StarletteRequestAdapter
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect

FIELD_MAX_BYTES = 1024 * 1024  # `operations` and `map` are JSON; the body limit is far lower
MAX_FILES = 100  # per request (Starlette's parser allows 1000; a document takes 20 at most)


class BodyTooLarge(Exception):
    """Raised by the body-size limit (api/app.py) from inside `receive`."""


class UploadInterrupted(Exception):
    """The request ended (or the client went away) before the whole file arrived."""


class UploadMissing(Exception):
    """The map names a file the request does not carry, or one skipped by reading a later one."""


class MalformedUpload(ValueError):
    """The multipart body breaks the format (a ValueError: strawberry answers 400 for those
    met before the operation runs)."""


class UploadTooLarge(Exception):
    """The body limit was passed while a resolver was reading a file."""


class StreamedUpload:
    """One file of the request. `filename` is known after `begin()`; `read()` returns the
    next bytes as they arrive (b"" at the end)."""

    def __init__(self, body: MultipartBody, key: str) -> None:
        self._body = body
        self.key = key
        self.filename = ""
        self.started = False
        self.ended = False
        self.skipped = False
        self.buffer: deque[bytes] = deque()

    async def begin(self) -> None:
        """Read up to this file's headers (its name); no file content is kept beyond one chunk."""
        while not self.started:
            await self._body.advance_for(self)

    async def read(self, size: int = -1) -> bytes:
        await self.begin()
        if self.skipped:
            raise UploadMissing(self.key)
        while not self.buffer and not self.ended:
            await self._body.advance_for(self)
        if not self.buffer:
            return b""
        chunk = self.buffer.popleft()
        if 0 < size < len(chunk):
            self.buffer.appendleft(chunk[size:])
            chunk = chunk[:size]
        return chunk

    async def close(self) -> None:
        self.buffer.clear()


class MultipartBody:
    """The push parser of python-multipart, fed one network chunk at a time on demand."""

    def __init__(self, content_type: str, stream: AsyncIterator[bytes]) -> None:
        _, params = parse_options_header(content_type)
        if b"boundary" not in params:
            raise MalformedUpload("missing multipart boundary")
        charset = params.get(b"charset", b"utf-8").decode("latin-1")
        try:
            self._charset = codecs.lookup(charset).name
        except LookupError:
            self._charset = "utf-8"
        self._stream = stream
        self._finished = False
        self.fields: dict[str, str] = {}
        self.uploads: dict[str, StreamedUpload] = {}
        self._field: tuple[str, bytearray] | None = None  # the form field being read
        self._file: StreamedUpload | None = None  # the file part being read
        self._in_file_part = False
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._parser = MultipartParser(
            params[b"boundary"],
            {
                "on_part_begin": self._on_part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
            },
        )

    async def read_fields(self) -> None:
        """Parse up to the first file part; `operations` and `map` must come before it."""
        while not self._finished and not self._in_file_part:
            await self._feed(reading_file=False)

    async def advance_for(self, wanted: StreamedUpload) -> None:
        if wanted.skipped:
            raise UploadMissing(wanted.key)
        current = self._file
        if current is not None and current is not wanted and not current.ended:
            current.skipped = True  # read out of order: its bytes are dropped, not kept
            current.buffer.clear()
        if self._finished:
            if not wanted.started:
                raise UploadMissing(wanted.key)
            raise UploadInterrupted(wanted.key)
        await self._feed(reading_file=True)

    async def _feed(self, *, reading_file: bool) -> None:
        try:
            chunk = await anext(self._stream, b"")
        except ClientDisconnect:
            self._finished = True
            raise UploadInterrupted from None
        except BodyTooLarge:
            self._finished = True
            if not reading_file:
                raise  # before the operation runs: the limit's own 413
            raise UploadTooLarge from None
        try:
            if chunk:
                self._parser.write(chunk)
            else:
                self._finished = True
                self._parser.finalize()
        except FormParserError as error:
            self._finished = True
            raise MalformedUpload(str(error)) from error

    def _on_part_begin(self) -> None:
        self._disposition = b""
        self._field = None
        self._file = None
        self._in_file_part = False

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise FormParserError('a part without a "name" in its Content-Disposition')
        name = options[b"name"].decode(self._charset, "replace")
        if b"filename" not in options:
            self._field = (name, bytearray())
            return
        self._in_file_part = True
        if "map" not in self.fields:
            raise FormParserError("operations and map must come before the files")
        upload = self.uploads.get(name)
        if upload is None:  # a file the map does not name: its bytes are dropped
            return
        upload.started = True
        upload.filename = options[b"filename"].decode(self._charset, "replace")
        self._file = upload

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._field is not None:
            if len(self._field[1]) + end - start > FIELD_MAX_BYTES:
                raise FormParserError(f"a form field is larger than {FIELD_MAX_BYTES} bytes")
            self._field[1].extend(data[start:end])
        elif self._file is not None and not self._file.skipped:
            self._file.buffer.append(bytes(data[start:end]))

    def _on_part_end(self) -> None:
        if self._field is not None:
            name, raw = self._field
            self.fields[name] = raw.decode(self._charset, "replace")
            if name == "map":  # before the file parts begin, which it names
                self.uploads = {k: StreamedUpload(self, k) for k in _map_keys(self.fields[name])}
        elif self._file is not None:
            self._file.ended = True


def _map_keys(raw: str | None) -> list[str]:
    if raw is None:
        return []
    try:
        found: Any = json.loads(raw)
    except ValueError as error:
        raise MalformedUpload("map is not JSON") from error
    keys = [str(k) for k in found] if isinstance(found, Mapping) else []
    if len(keys) > MAX_FILES:
        raise MalformedUpload(f"more than {MAX_FILES} files in one request")
    return keys


class StreamingRequestAdapter(StarletteRequestAdapter):
    """Strawberry's Starlette adapter, but multipart files stream on demand."""

    async def get_form_data(self) -> FormData:
        request = self._request
        body = MultipartBody(request.headers.get("content-type", ""), request.stream())
        await body.read_fields()
        return FormData(files=body.uploads, form=body.fields)
