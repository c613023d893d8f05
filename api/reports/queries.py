"""Stored periodic reports for operators and observers (provincial roles: their provinces'
reports only), and short-lived signed links to download their files (api/reports/routes.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, ValidationError, payload
from api.listings.mutations.documents import DownloadLink, DownloadLinkResult
from api.relay import Connection, build_connection, page_request, parse_global_id
from api.reports.types import ReportFormat, ReportType
from domain import reports as domain
from domain.documents import DownloadGrant
from domain.errors import ValidationCode, Validator
from domain.provinces import province_by_code
from domain.services import reports as uc
from domain.services.accounts import require_user
from domain.statistics import Period


@strawberry.type(name="ReportList")
class ReportListType:
    reports: Connection[ReportType]


ReportsResult = Annotated[
    ReportListType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("ReportsResult"),
]


def _key(r: domain.StoredReport) -> list[str]:
    return [r.generated_at.isoformat(), str(r.id)]


def _filters(period: str | None, scope: str | None) -> str | None:
    v = Validator()
    label = None
    if period is not None:
        try:
            label = Period.parse(period).label
        except Exception as error:
            v.issues.extend(getattr(error, "issues", ()))
    if scope is not None and scope != domain.NATIONAL and province_by_code(scope) is None:
        v.add("scope", ValidationCode.INVALID_CHOICE, "is neither `national` nor a province code")
    v.check()
    return label


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description="Operators and observers: the monthly and quarterly reports the worker "
        "generated, newest first. A provincial operator or observer lists its provinces' "
        "reports only (not the national one)."
    )
    @payload
    async def reports(
        self,
        info: Info,
        period: Annotated[
            str | None, strawberry.argument(description="`2026-07` or `2026-Q3`.")
        ] = None,
        scope: Annotated[
            str | None, strawberry.argument(description="`national` or a province code.")
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ReportsResult:
        ctx = info.context
        actor = await ctx.actor()
        scopes = uc.reader_scopes(actor)  # refuse before reading the arguments
        label = _filters(period, scope)
        uc.check_scope_filter(actor, scope)
        key = f"reports:{label}:{scope}"
        page = page_request(key, first, after)
        rows = await ctx.uow.reports.page(
            scopes=scopes, period=label, scope=scope, after=page.after, first=page.first
        )
        return ReportListType(
            reports=build_connection(key, rows, page.first, ReportType.from_domain, _key)
        )

    @strawberry.field(
        description="A signed link to download a report's spreadsheet or PDF, valid for a "
        "few minutes and only for you; those who may list the report may download it."
    )
    @payload
    async def report_download_link(
        self,
        info: Info,
        id: relay.GlobalID,
        format: ReportFormat,  # type: ignore[valid-type]
    ) -> DownloadLinkResult:
        ctx = info.context
        signer = ctx.deps.require_report_links()
        actor = await ctx.actor()
        user_id = require_user(actor)
        uc.reader_scopes(actor)
        report_id = parse_global_id(id, "Report")
        report = uc.require_readable(actor, await ctx.uow.reports.get(report_id), report_id)
        found = uc.require_file(report, domain.ReportFormat(format))
        expires_at = ctx.now() + ctx.deps.download_link_ttl
        token = signer.sign(DownloadGrant(found.id, user_id, expires_at))
        return DownloadLink(
            url=f"{ctx.deps.public_url.rstrip('/')}/reports/{token}",
            expires_at=expires_at,
            sha256=found.sha256,
            size_bytes=found.size_bytes,
        )
