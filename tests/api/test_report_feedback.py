"""The periodic report's feedback chapter: its numbers are those of `statistics { feedback }`
for the same period, and no comment text reaches the spreadsheet or the PDF."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from domain.feedback import RatedProcess
from domain.report_sections import PROCESS_VI
from tests.api.test_feedback_statistics import MARKER, rated_and_counted
from tests.api.test_reports import report_xlsx
from tests.report_support import all_text, sheets, tables


async def test_the_feedback_chapter_matches_the_statistics_and_quotes_no_comment(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, month, stats = await rated_and_counted(client, session)
    xlsx = await report_xlsx(session, month, None)

    headers, rows = tables(sheets(xlsx)["Ý kiến người dùng"])["Đánh giá (thang 1–5) theo quy trình"]
    assert headers[:3] == ["Quy trình", "Số đánh giá", "Điểm trung bình"]
    by_name = {row[0]: row[1:] for row in rows}
    assert len(by_name) == 3
    for process in RatedProcess:
        want = stats[process.name]
        got = by_name[PROCESS_VI[process]]
        assert got[0] == want["count"]
        assert got[0] > 0
        assert round(got[1], 2) == want["average"]
        assert got[2:7] == [d["count"] for d in want["distribution"]]
        assert got[7] == want["commented"]
    # Every rating above carries a comment with the marker: none reaches the report.
    assert MARKER not in all_text(xlsx)
