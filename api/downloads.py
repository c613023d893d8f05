"""GET /files/<signed token>: the file of an attachment, for the user the link was made for,
if that user may still read the attachment now (membership, role, assignment or NDA are
checked again at download, not only when the link was made). Sent with a bearer token of
another user, the link is refused. The content is checked against its recorded SHA-256 before
a byte is sent."""

from __future__ import annotations

from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response

from api.deps import ApiDeps
from api.signed_files import (
    NO_FILES,
    NO_SUCH_FILE,
    StoredFile,
    link_error,
    send_checked,
    verified_grant,
)
from db.repositories.accounts import SqlTokenRepository
from db.repositories.attachments import SqlAttachmentRepository
from domain.errors import NotAuthenticated
from domain.services.accounts import hash_token


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
            return link_error(*NO_FILES)
        grant = verified_grant(deps.link_signer, request.path_params["token"], deps.clock.now())
        if isinstance(grant, Response):
            return grant
        async with deps.sessions() as session:
            tokens = SqlTokenRepository(session)
            if not await _presented_by_holder(request, tokens, grant.user_id, deps):
                return link_error(403, "LINK_NOT_YOURS", "This link was made for someone else.")
            actor = await tokens.actor_of(grant.user_id)
            found = (
                await SqlAttachmentRepository(session).get_many_readable(
                    actor, [grant.attachment_id]
                )
                if actor is not None
                else []
            )
        if not found or found[0].storage_key is None:
            return link_error(*NO_SUCH_FILE)
        attachment, key = found[0], found[0].storage_key
        metadata = attachment.metadata
        stored = StoredFile(
            key,
            metadata.file_name,
            metadata.media_type,
            metadata.size_bytes,
            metadata.sha256,
        )
        return await send_checked(
            deps.document_store, stored, "file", {"attachment": str(attachment.id)}
        )

    return download
