"""What the two signed-link routes (/files and /reports) share: the error body, checking the
link, and sending a stored file only after its content matches its recorded SHA-256."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from starlette.responses import JSONResponse, Response, StreamingResponse

from domain.documents import BadLink, DocumentStore, DownloadGrant, ExpiredLink, LinkSigner

logger = logging.getLogger("innovex.http")


def link_error(status: int, code: str, message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


NO_FILES = (404, "NOT_FOUND", "This deployment keeps no files.")
NO_SUCH_FILE = (404, "NOT_FOUND", "No such file.")


def verified_grant(signer: LinkSigner, token: str, now: datetime) -> DownloadGrant | Response:
    """The grant a link carries, or the error response for an expired or invalid link."""
    try:
        return signer.verify(token, now)
    except ExpiredLink:
        return link_error(410, "LINK_EXPIRED", "This link has expired: ask for a new one.")
    except BadLink:
        return link_error(403, "LINK_INVALID", "This link is not valid.")


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    name: str
    media_type: str
    size_bytes: int
    sha256: str


async def send_checked(
    store: DocumentStore, stored: StoredFile, what: str, log_extra: dict[str, str]
) -> Response:
    """Read the file once to check its hash, then stream it (a corrupted file sends no byte)."""
    digest = hashlib.sha256()
    async for chunk in store.read(stored.key):
        digest.update(chunk)
    if digest.hexdigest() != stored.sha256:
        logger.error("stored %s does not match its hash", what, extra=log_extra)
        return link_error(500, "FILE_CORRUPTED", "The stored file does not match its hash.")
    return StreamingResponse(
        store.read(stored.key),
        media_type=stored.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(stored.name, safe='')}",
            "Content-Length": str(stored.size_bytes),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "X-Content-SHA256": stored.sha256,
        },
    )
