"""Report files: the spreadsheet (openpyxl) and the PDF (fpdf2, charts drawn by matplotlib's
Agg renderer) of a composed periodic report, in Vietnamese, byte for byte the same for the
same content and generation time."""

from __future__ import annotations

import asyncio

from domain.reports import RenderedFile, ReportContent, ReportFormat
from reports.pdf import render_pdf
from reports.xlsx import render_xlsx


def render_files(content: ReportContent) -> list[RenderedFile]:
    return [
        RenderedFile(ReportFormat.XLSX, render_xlsx(content)),
        RenderedFile(ReportFormat.PDF, render_pdf(content)),
    ]


class ReportFileRenderer:
    """The ReportRenderer port: drawing is CPU work, so it runs in a thread, not the loop."""

    async def render(self, content: ReportContent) -> list[RenderedFile]:
        return await asyncio.to_thread(render_files, content)


__all__ = ["ReportFileRenderer", "render_files", "render_pdf", "render_xlsx"]
