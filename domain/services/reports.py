"""Use cases of periodic reports: compose one from the statistics use case (as a central
observer would read it), generate and keep the due ones once, list and open them within the
reader's provinces."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid4

from domain.accounts import Actor, PlatformRole
from domain.documents import DocumentStore
from domain.errors import NotAllowed, NotAllowedCode, NotFound
from domain.report_sections import compose
from domain.reports import (
    NATIONAL,
    RenderedFile,
    ReportContent,
    ReportFile,
    ReportFormat,
    StoredReport,
    closed_periods,
    kind_of,
    readable,
    scope_query,
)
from domain.services.statistics import StatisticsUnitOfWork, province_scope, statistics
from domain.statistics import Period, StatisticsQuery

# The reporting job reads as a central observer: the figures `statistics` gives one.
REPORTER = Actor(user_id=UUID(int=0), roles=frozenset({PlatformRole.OBSERVER}), email_verified=True)


class ReportRepository(Protocol):
    async def claim(self, period: str, scope: str) -> bool:
        """Hold (period, scope) for this transaction; False when another worker holds it."""
        ...

    async def exists(self, period: str, scope: str) -> bool: ...

    async def add(self, report: StoredReport) -> None: ...

    async def overseen_provinces(self) -> frozenset[str]:
        """Provinces some provincial operator or observer is limited to."""
        ...

    async def page(
        self,
        *,
        scopes: frozenset[str] | None,
        period: str | None,
        scope: str | None,
        after: list[object] | None,
        first: int,
    ) -> list[StoredReport]: ...

    async def get(self, report_id: UUID) -> StoredReport | None: ...

    async def by_file(self, file_id: UUID) -> StoredReport | None: ...


class ReportsUnitOfWork(StatisticsUnitOfWork, Protocol):
    @property
    def reports(self) -> ReportRepository: ...

    async def commit(self) -> None: ...


class ReportRenderer(Protocol):
    async def render(self, content: ReportContent) -> list[RenderedFile]: ...


async def compose_report(
    uow: StatisticsUnitOfWork, query: StatisticsQuery, generated_at: datetime
) -> ReportContent:
    return compose(await statistics(uow, REPORTER, query), generated_at)


async def _chunks(content: bytes) -> AsyncIterator[bytes]:
    yield content


async def generate_report(
    uow: ReportsUnitOfWork,
    store: DocumentStore,
    renderer: ReportRenderer,
    *,
    period: Period,
    scope: str,
    now: datetime,
) -> StoredReport | None:
    """Generate and keep the report of (period, scope) unless it exists or another worker is
    making it. Files are kept before the row is committed: a crash leaves an unreferenced
    file, never a listed report without its file."""
    if not await uow.reports.claim(period.label, scope) or await uow.reports.exists(
        period.label, scope
    ):
        return None
    content = await compose_report(uow, scope_query(period, scope), now)
    files: list[ReportFile] = []
    try:
        for rendered in await renderer.render(content):
            key = uuid4().hex
            staged = await store.stage(_chunks(rendered.content), max_bytes=len(rendered.content))
            try:
                await store.keep(staged, key)
            except BaseException:
                await store.discard(staged)
                raise
            files.append(
                ReportFile(uuid4(), rendered.format, key, staged.sha256, staged.size_bytes)
            )
        report = StoredReport(uuid4(), period.label, kind_of(period), scope, now, files)
        await uow.reports.add(report)
        await uow.commit()
    except BaseException:
        for f in files:
            await store.delete(f.storage_key)
        raise
    return report


async def due_scopes(uow: ReportsUnitOfWork) -> list[str]:
    """The national report, and one per province someone oversees (its audience)."""
    return [NATIONAL, *sorted(await uow.reports.overseen_provinces())]


def due_periods(now: datetime) -> Sequence[Period]:
    return closed_periods(now)


def reader_scopes(actor: Actor) -> frozenset[str] | None:
    """None: every report; otherwise the provinces whose reports the actor reads."""
    return province_scope(actor)


def require_readable(actor: Actor, report: StoredReport | None, report_id: object) -> StoredReport:
    """Another province's report reads as not found, like a record one may not see."""
    if report is None or not readable(report.scope, reader_scopes(actor)):
        raise NotFound("Report", report_id)
    return report


def check_scope_filter(actor: Actor, scope: str | None) -> None:
    scopes = reader_scopes(actor)
    if scope is not None and not readable(scope, scopes):
        raise NotAllowed(
            NotAllowedCode.OUTSIDE_PROVINCE,
            "You oversee only your provinces: ask for those, or for none.",
        )


def require_file(report: StoredReport, fmt: ReportFormat) -> ReportFile:
    found = report.file(fmt)
    if found is None:
        raise NotFound("ReportFile", f"{report.id}/{fmt.value}")
    return found
