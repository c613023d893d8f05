"""Report files: the spreadsheet (openpyxl) and the PDF (fpdf2, charts drawn by matplotlib's
Agg renderer) of a composed periodic report, in Vietnamese, byte for byte the same for the
same content and generation time."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from domain.reports import RenderedFile, ReportContent, ReportFormat
from reports.pdf import render_pdf
from reports.xlsx import render_xlsx


def render_files(content: ReportContent) -> list[RenderedFile]:
    return [
        RenderedFile(ReportFormat.XLSX, render_xlsx(content)),
        RenderedFile(ReportFormat.PDF, render_pdf(content)),
    ]


async def _in_daemon_thread(content: ReportContent) -> list[RenderedFile]:
    """`render_files` off the event loop, in a daemon thread: a worker stopping mid-drawing
    exits at once (asyncio.to_thread's pool would hold the exit until the drawing ends), and
    an abandoned drawing has written nothing (files are kept by the caller)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[list[RenderedFile]] = loop.create_future()

    def settle(result: list[RenderedFile] | None, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            assert result is not None
            done.set_result(result)

    def draw() -> None:
        result, error = None, None
        try:
            result = render_files(content)
        except BaseException as failure:
            error = failure
        with contextlib.suppress(RuntimeError):  # the loop closed while drawing
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=draw, name="report-render", daemon=True).start()
    return await done


class ReportFileRenderer:
    """The ReportRenderer port: drawing is CPU work, so it runs beside the loop."""

    async def render(self, content: ReportContent) -> list[RenderedFile]:
        return await _in_daemon_thread(content)


__all__ = ["ReportFileRenderer", "render_files", "render_pdf", "render_xlsx"]
