"""GET /reports/<signed token>: a report's file, for the user the link was made for, if that
user may still read the report now (role and provinces are checked again at download). The
content is checked against its recorded SHA-256 before a byte is sent."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api.deps import ApiDeps
from api.downloads import _error
from db.repositories.accounts import SqlTokenRepository
from db.repositories.reports import SqlReportRepository
from domain.documents import BadLink, ExpiredLink
from domain.errors import DomainError
from domain.reports import file_name
from domain.services import reports as uc
from domain.statistics import Period

logger = logging.getLogger("innovex.http")


def report_download_endpoint(deps: ApiDeps):  # type: ignore[no-untyped-def]
    async def download(request: Request) -> Response:
        if deps.document_store is None or deps.report_link_signer is None:
            return _error(404, "NOT_FOUND", "This deployment keeps no files.")
        store, signer = deps.document_store, deps.report_link_signer
        try:
            grant = signer.verify(request.path_params["token"], deps.clock.now())
        except ExpiredLink:
            return _error(410, "LINK_EXPIRED", "This link has expired: ask for a new one.")
        except BadLink:
            return _error(403, "LINK_INVALID", "This link is not valid.")
        async with deps.sessions() as session:
            actor = await SqlTokenRepository(session).actor_of(grant.user_id)
            report = await SqlReportRepository(session).by_file(grant.attachment_id)
        try:
            if actor is None:
                raise BadLink
            report = uc.require_readable(actor, report, grant.attachment_id)
        except (DomainError, BadLink):
            return _error(404, "NOT_FOUND", "No such file.")
        stored = next(f for f in report.files if f.id == grant.attachment_id)
        digest = hashlib.sha256()
        async for chunk in store.read(stored.storage_key):
            digest.update(chunk)
        if digest.hexdigest() != stored.sha256:
            logger.error("stored report does not match its hash", extra={"report": str(report.id)})
            return _error(500, "FILE_CORRUPTED", "The stored file does not match its hash.")
        name = file_name(Period.parse(report.period), report.scope, stored.format)
        return StreamingResponse(
            store.read(stored.storage_key),
            media_type=stored.format.media_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
                "Content-Length": str(stored.size_bytes),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
                "X-Content-SHA256": stored.sha256,
            },
        )

    return download
