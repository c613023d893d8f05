"""Stored documents: the files behind attachments, and the ports that keep them.

An upload is staged first (written to a temporary place while its size is counted and its
SHA-256 computed), checked (type sniffed from the bytes, size, quota, permissions), recorded,
and only after the commit moved to its final key. Anything refused or interrupted is
discarded, so nothing is left behind. Keys are random, never derived from file names.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class StagedFile:
    handle: str  # where the store keeps the bytes until `keep` or `discard`
    size_bytes: int
    sha256: str
    head: bytes  # the first bytes, for sniffing the type


class FileTooLarge(Exception):
    """The upload passed the size limit while it was being read; nothing was kept."""


class DocumentStore(Protocol):
    async def stage(self, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StagedFile:
        """Write the chunks to a temporary place, durably; raise FileTooLarge past max_bytes
        (after removing what was written)."""
        ...

    async def keep(self, staged: StagedFile, key: str) -> None:
        """Move a staged file to its key (after the record of it was committed)."""
        ...

    async def discard(self, staged: StagedFile) -> None: ...

    def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None:
        """Remove a kept file; a missing one is not an error."""
        ...


@dataclass(frozen=True, slots=True)
class DownloadGrant:
    """What a signed download link carries: which attachment, for whom, until when."""

    attachment_id: UUID
    user_id: UUID
    expires_at: datetime


class LinkSigner(Protocol):
    def sign(self, grant: DownloadGrant) -> str: ...

    def verify(self, token: str, now: datetime) -> DownloadGrant:
        """The grant, or raise BadLink (forged, malformed) / ExpiredLink."""
        ...


class BadLink(Exception):
    pass


class ExpiredLink(BadLink):
    pass
