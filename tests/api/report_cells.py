"""Permission-matrix cells of periodic reports."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from db.repositories.reports import SqlReportRepository
from domain.reports import NATIONAL, ReportFile, ReportFormat, ReportKind, StoredReport
from tests.api.matrix_world import Call, Prepare, World, typename
from tests.graphql import gid


async def p_reports(w: World) -> Call:
    return Call("{ reports { __typename } }", {}, "reports", typename("ReportList"))


async def p_report_link(w: World) -> Call:
    report = StoredReport(
        uuid4(),
        "2026-Q3",
        ReportKind.QUARTERLY,
        NATIONAL,
        datetime(2026, 10, 1, tzinfo=UTC),
        [ReportFile(uuid4(), ReportFormat.PDF, uuid4().hex, "0" * 64, 1024)],
    )
    await SqlReportRepository(w.session).add(report)
    return Call(
        "query($id: ID!) { reportDownloadLink(id: $id, format: PDF) { __typename } }",
        {"id": gid("Report", report.id)},
        "reportDownloadLink",
        typename("DownloadLink"),
    )


REPORT_CELLS: dict[str, Prepare] = {
    "reports": p_reports,
    "reportDownloadLink (a national report)": p_report_link,
}
