"""Stored periodic reports: claim a (period, scope) for generation, record it with its files,
and list them within the reader's provinces (the filter is part of the statement)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.sql.elements import ColumnElement

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.tables import platform_role_provinces, report_files, reports, users
from domain.reports import ReportFile, ReportFormat, ReportKind, StoredReport


def _file(row: Any) -> ReportFile:
    return ReportFile(row.id, ReportFormat(row.format), row.storage_key, row.sha256, row.size_bytes)


class SqlReportRepository(SqlRepository):
    async def claim(self, period: str, scope: str) -> bool:
        # Released at commit or rollback; a second worker skips instead of waiting.
        got = await self._session.scalar(
            select(func.pg_try_advisory_xact_lock(func.hashtext(f"report:{period}:{scope}")))
        )
        return bool(got)

    async def exists(self, period: str, scope: str) -> bool:
        stmt = select(exists().where(reports.c.period == period, reports.c.scope == scope))
        return bool(await self._session.scalar(stmt))

    async def add(self, report: StoredReport) -> None:
        await self._session.execute(
            reports.insert().values(
                id=report.id,
                period=report.period,
                kind=report.kind.value,
                scope=report.scope,
                generated_at=report.generated_at,
            )
        )
        if report.files:
            await self._session.execute(
                report_files.insert(),
                [
                    {
                        "id": f.id,
                        "report_id": report.id,
                        "format": f.format.value,
                        "storage_key": f.storage_key,
                        "sha256": f.sha256,
                        "size_bytes": f.size_bytes,
                    }
                    for f in report.files
                ],
            )

    async def overseen_provinces(self) -> frozenset[str]:
        stmt = (
            select(platform_role_provinces.c.province_code)
            .join(users, users.c.id == platform_role_provinces.c.user_id)
            .where(
                platform_role_provinces.c.role.in_(("operator", "observer")),
                platform_role_provinces.c.role == func.any(users.c.roles),
            )
            .distinct()
        )
        return frozenset((await self._session.scalars(stmt)).all())

    async def _with_files(self, rows: list[Any]) -> list[StoredReport]:
        if not rows:
            return []
        files = await self._grouped(
            select(report_files)
            .where(report_files.c.report_id.in_([r.id for r in rows]))
            .order_by(report_files.c.format),
            lambda f: f.report_id,
            _file,
        )
        return [
            StoredReport(r.id, r.period, ReportKind(r.kind), r.scope, r.generated_at, files[r.id])
            for r in rows
        ]

    async def page(
        self,
        *,
        scopes: frozenset[str] | None,
        period: str | None,
        scope: str | None,
        after: list[object] | None,
        first: int,
    ) -> list[StoredReport]:
        """Newest first, keyset on (generated_at, id); up to first + 1 reports."""
        conditions: list[ColumnElement[bool]] = []
        if scopes is not None:
            conditions.append(reports.c.scope.in_(sorted(scopes)))
        if period is not None:
            conditions.append(reports.c.period == period)
        if scope is not None:
            conditions.append(reports.c.scope == scope)
        stmt = select(reports).where(and_(True, *conditions))
        page = keyset_page(
            stmt, [reports.c.generated_at, reports.c.id], after, first, descending=True
        )
        return await self._with_files(list(await self._session.execute(page)))

    async def _first_with_files(self, stmt: Select[Any]) -> StoredReport | None:
        row = (await self._session.execute(stmt)).first()
        return (await self._with_files([row]))[0] if row is not None else None

    async def get(self, report_id: UUID) -> StoredReport | None:
        return await self._first_with_files(select(reports).where(reports.c.id == report_id))

    async def by_file(self, file_id: UUID) -> StoredReport | None:
        return await self._first_with_files(
            select(reports).join(report_files).where(report_files.c.id == file_id)
        )
