"""Periodic reports: `innovex report` writes one into a directory on demand; the worker's job
generates and keeps the national and provincial reports of each closed month and quarter
(Vietnamese time) once, whatever restarts or other workers do."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.statistics import SqlStatisticsReader
from db.uow import SqlUnitOfWork
from domain.documents import DocumentStore
from domain.reports import NATIONAL, ReportContent, file_name
from domain.services import reports as uc
from domain.statistics import build_query
from innovex.bootstrap import Runtime
from innovex.settings import Settings
from reports import ReportFileRenderer, render_files

logger = logging.getLogger(__name__)


async def refresh_rollups(
    sessions: async_sessionmaker[AsyncSession], *, concurrently: bool = True
) -> None:
    """The funnel lags the timeline by the rollups' refresh: a report reads them fresh."""
    async with sessions() as session:
        await SqlStatisticsReader(session).refresh(concurrently=concurrently)
        await session.commit()


def _write_files(content: ReportContent, out_dir: Path, scope: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for rendered in render_files(content):
        path = out_dir / file_name(content.period, scope, rendered.format)
        path.write_bytes(rendered.content)
        written.append(path)
    return written


async def write_report(
    sessions: async_sessionmaker[AsyncSession],
    period: str,
    out_dir: Path,
    *,
    provinces: Sequence[str] | None = None,
    field_codes: Sequence[str] | None = None,
    now: datetime | None = None,
    concurrently: bool = True,
) -> list[Path]:
    """Validate (InvalidInput on a bad period or code), then write the XLSX and the PDF."""
    query = build_query(period, provinces or None, field_codes or None)
    await refresh_rollups(sessions, concurrently=concurrently)
    async with sessions() as session:
        content = await uc.compose_report(SqlUnitOfWork(session), query, now or datetime.now(UTC))
    scope = NATIONAL if query.provinces is None else "-".join(sorted(query.provinces))
    return await asyncio.to_thread(_write_files, content, out_dir, scope)


async def report_now(
    settings: Settings,
    period: str,
    out_dir: Path,
    provinces: Sequence[str] | None = None,
    field_codes: Sequence[str] | None = None,
) -> list[Path]:
    build_query(period, provinces or None, field_codes or None)  # refuse before starting a database
    runtime = Runtime.build(settings)
    try:
        return await write_report(
            runtime.sessions, period, out_dir, provinces=provinces, field_codes=field_codes
        )
    finally:
        await runtime.close()


async def generate_due_reports(
    sessions: async_sessionmaker[AsyncSession],
    store: DocumentStore,
    now: datetime | None = None,
    *,
    concurrently: bool = True,
) -> int:
    """Keep every missing report of the last closed month and quarter; returns how many were
    made (0 on almost every run: existing ones are skipped after one small query each)."""
    at = now or datetime.now(UTC)
    renderer = ReportFileRenderer()
    async with sessions() as session:
        uow = SqlUnitOfWork(session)
        due = [
            (period, scope)
            for period in uc.due_periods(at)
            for scope in await uc.due_scopes(uow)
            if not await uow.reports.exists(period.label, scope)
        ]
    if not due:
        return 0
    await refresh_rollups(sessions, concurrently=concurrently)
    made = 0
    for period, scope in due:
        async with sessions() as session:
            report = await uc.generate_report(
                SqlUnitOfWork(session), store, renderer, period=period, scope=scope, now=at
            )
        if report is not None:
            made += 1
            logger.info("report generated", extra={"period": period.label, "scope": scope})
    return made
