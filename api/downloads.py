"""GET /files/<signed token>: the file of an attachment, for the user the link was made for,
if that user may still read the attachment now (membership, role, assignment or NDA are
checked again at download, not only when the link was made). Sent with a bearer token of
another user, the link is refused. The content is checked against its recorded SHA-256 before
a byte is sent."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import quote
from uuid import UUID

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from api.deps import ApiDeps
from db.repositories.accounts import SqlTokenRepository
from db.repositories.attachments import SqlAttachmentRepository
from domain.documents import BadLink, ExpiredLink
from domain.errors import NotAuthenticated
from domain.services.accounts import hash_token

logger = logging.getLogger("innovex.http")


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


async def _presented_by_holder(
    request: Request, tokens: SqlTokenRepository, user_id: UUID, deps: ApiDeps
) -> bool:
    """A link is a capability for its few minutes (a browser following it sends no token);
    sent with a bearer token, that token must be its user's."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return True
    try:
        actor = await tokens.authenticate(hash_token(token.strip()), deps.clock.now())
    except NotAuthenticated:
        return False
    return actor.user_id == user_id


def download_endpoint(deps: ApiDeps):  # type: ignore[no-untyped-def]
    async def download(request: Request) -> Response:
        if deps.document_store is None or deps.link_signer is None:
            return _error(404, "NOT_FOUND", "This deployment keeps no files.")
        store, signer = deps.document_store, deps.link_signer
        try:
            grant = signer.verify(request.path_params["token"], deps.clock.now())
        except ExpiredLink:
            return _error(410, "LINK_EXPIRED", "This link has expired: ask for a new one.")
        except BadLink:
            return _error(403, "LINK_INVALID", "This link is not valid.")
        async with deps.sessions() as session:
            tokens = SqlTokenRepository(session)
            if not await _presented_by_holder(request, tokens, grant.user_id, deps):
                return _error(403, "LINK_NOT_YOURS", "This link was made for someone else.")
            actor = await tokens.actor_of(grant.user_id)
            found = (
                await SqlAttachmentRepository(session).get_many_readable(
                    actor, [grant.attachment_id]
                )
                if actor is not None
                else []
            )
        if not found or found[0].storage_key is None:
            return _error(404, "NOT_FOUND", "No such file.")
        attachment = found[0]
        key = attachment.storage_key
        assert key is not None
        digest = hashlib.sha256()
        async for chunk in store.read(key):
            digest.update(chunk)
        if digest.hexdigest() != attachment.metadata.sha256:
            logger.error(
                "stored file does not match its hash", extra={"attachment": str(attachment.id)}
            )
            return _error(500, "FILE_CORRUPTED", "The stored file does not match its hash.")
        name = attachment.metadata.file_name
        return StreamingResponse(
            store.read(key),
            media_type=attachment.metadata.media_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
                "Content-Length": str(attachment.metadata.size_bytes),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
                "X-Content-SHA256": attachment.metadata.sha256,
            },
        )

    return download
