"""Files under the data directory: `objects/ab/<key>` for kept files, `tmp/` for uploads in
progress. Staging writes and fsyncs a temporary file; keeping renames it (atomic on one file
system) and fsyncs the directory, so a crash leaves either the whole file or only a temporary
one, which `sweep_temporary` removes."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import secrets
import time
from collections.abc import AsyncIterator, Set
from pathlib import Path

from domain.documents import FileTooLarge, StagedFile
from storage.sniff import SNIFF_BYTES

_KEY = re.compile(r"^[0-9a-f]{32}$")
CHUNK = 256 * 1024


class FilesystemDocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        self._objects = root / "objects"

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):  # keys are ours; anything else is a bug or an attack
            raise ValueError("invalid storage key")
        return self._objects / key[:2] / key

    async def stage(self, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StagedFile:
        self._tmp.mkdir(parents=True, exist_ok=True)
        path = self._tmp / f"upload-{secrets.token_hex(16)}"
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            with path.open("xb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    digest.update(chunk)
                    await asyncio.to_thread(out.write, chunk)
                out.flush()
                await asyncio.to_thread(os.fsync, out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StagedFile(handle=str(path), size_bytes=size, sha256=digest.hexdigest(), head=head)

    async def keep(self, staged: StagedFile, key: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.handle, target)
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    async def discard(self, staged: StagedFile) -> None:
        await asyncio.to_thread(Path(staged.handle).unlink, missing_ok=True)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        with self._path(key).open("rb") as source:
            while chunk := await asyncio.to_thread(source.read, CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def sweep_temporary(self, older_than_seconds: float = 3600.0) -> int:
        """Remove uploads abandoned by a crash (a live upload is younger than this: every
        chunk written refreshes its modification time)."""
        if not self._tmp.exists():
            return 0
        removed = 0
        limit = time.time() - older_than_seconds
        for path in self._tmp.iterdir():
            if _older(path, limit):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def sweep_orphans(self, known_keys: Set[str], older_than_seconds: float = 86400.0) -> int:
        """Remove kept files no attachment names (a crash between removing an attachment's
        record and its file). Young files are spared: a file is kept just after its record
        commits, so one newer than `known_keys` may be legitimate."""
        if not self._objects.exists():
            return 0
        removed = 0
        limit = time.time() - older_than_seconds
        for path in self._objects.glob("*/*"):
            if path.name not in known_keys and _KEY.match(path.name) and _older(path, limit):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _older(path: Path, limit: float) -> bool:
    try:
        return path.stat().st_mtime < limit
    except FileNotFoundError:  # removed meanwhile (kept or discarded by its request)
        return False
