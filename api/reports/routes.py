"""GET /reports/<signed token>: a report's file, for the user the link was made for, if that
user may still read the report now (role and provinces are checked again at download). The
content is checked against its recorded SHA-256 before a byte is sent."""

from __future__ import annotations

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
from db.repositories.reports import SqlReportRepository
from domain.documents import BadLink
from domain.errors import DomainError
from domain.reports import file_name
from domain.services import reports as uc
from domain.statistics import Period


def report_download_endpoint(deps: ApiDeps):  # type: ignore[no-untyped-def]
    async def download(request: Request) -> Response:
        if deps.document_store is None or deps.report_link_signer is None:
            return link_error(*NO_FILES)
        grant = verified_grant(
            deps.report_link_signer, request.path_params["token"], deps.clock.now()
        )
        if isinstance(grant, Response):
            return grant
        async with deps.sessions() as session:
            actor = await SqlTokenRepository(session).actor_of(grant.user_id)
            report = await SqlReportRepository(session).by_file(grant.attachment_id)
        try:
            if actor is None:
                raise BadLink
            report = uc.require_readable(actor, report, grant.attachment_id)
        except (DomainError, BadLink):
            return link_error(*NO_SUCH_FILE)
        kept = next(f for f in report.files if f.id == grant.attachment_id)
        name = file_name(Period.parse(report.period), report.scope, kept.format)
        stored = StoredFile(
            kept.storage_key, name, kept.format.media_type, kept.size_bytes, kept.sha256
        )
        return await send_checked(deps.document_store, stored, "report", {"report": str(report.id)})

    return download
