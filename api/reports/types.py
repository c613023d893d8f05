"""GraphQL types of stored periodic reports: what they cover and their files, never content."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from domain import reports as domain
from domain.statistics import Period

ReportKind = strawberry.enum(domain.ReportKind, name="ReportKind")
ReportFormat = strawberry.enum(domain.ReportFormat, name="ReportFormat")


@strawberry.type(name="ReportFile")
class ReportFileType:
    format: ReportFormat  # type: ignore[valid-type]
    media_type: str
    file_name: str
    size_bytes: int
    sha256: str


@strawberry.type(name="Report")
class ReportType:
    id: relay.GlobalID
    period: str = strawberry.field(description="`2026-07` (monthly) or `2026-Q3` (quarterly).")
    period_name_vi: str
    kind: ReportKind  # type: ignore[valid-type]
    scope: str = strawberry.field(description="`national`, or the code of the province covered.")
    scope_name_vi: str
    generated_at: datetime
    files: list[ReportFileType]

    @classmethod
    def from_domain(cls, r: domain.StoredReport) -> ReportType:
        period = Period.parse(r.period)
        return cls(
            id=relay.GlobalID("Report", str(r.id)),
            period=r.period,
            period_name_vi=domain.period_name_vi(period),
            kind=r.kind,
            scope=r.scope,
            scope_name_vi=domain.scope_name_vi(r.scope),
            generated_at=r.generated_at,
            files=[
                ReportFileType(
                    format=f.format,
                    media_type=f.format.media_type,
                    file_name=domain.file_name(period, r.scope, f.format),
                    size_bytes=f.size_bytes,
                    sha256=f.sha256,
                )
                for f in r.files
            ],
        )
