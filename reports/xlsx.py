"""The spreadsheet of a report: a cover sheet ("Thông tin"), then one sheet per section.

The generation time is the only value that changes between two runs on the same data: it is
the cover's last cell and the workbook's created/modified properties; the zip entries carry
it too instead of the clock, so the same content and time give the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from domain.reports import ReportContent, Section, Value

GENERATED_AT = "Thời điểm lập"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
MONEY = "#,##0"


def _cover(ws: Worksheet, content: ReportContent) -> None:
    ws.title = "Thông tin"
    ws.append([content.title])
    ws["A1"].font = TITLE
    ws.append([])
    for label, value in content.about:
        ws.append([label, value])
    ws.append([GENERATED_AT, content.generated_label])
    for row in ws.iter_rows(min_row=3, max_col=1):
        row[0].font = BOLD
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90


def write_section(ws: Worksheet, section: Section) -> None:
    ws.append([section.title])
    ws.cell(ws.max_row, 1).font = TITLE
    widths: dict[int, int] = {}
    for table in section.tables:
        ws.append([])
        ws.append([table.title])
        ws.cell(ws.max_row, 1).font = BOLD
        ws.append(table.headers)
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append(row)
            for index in table.money_columns:
                ws.cell(ws.max_row, index + 1).number_format = MONEY
        lines: list[list[Value]] = [list(table.headers), *table.rows]
        for line in lines:
            for i, value in enumerate(line):
                widths[i] = max(widths.get(i, 8), min(60, len(str(value or "")) + 2))
    if section.note:
        ws.append([])
        ws.append([section.note])
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i + 1)].width = width


def _steady_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def render_xlsx(content: ReportContent) -> bytes:
    workbook = Workbook()
    _cover(workbook.active, content)
    for section in content.sections:
        write_section(workbook.create_sheet(section.sheet), section)
    at = content.generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.creator = "Innovex"
    workbook.properties.title = content.title
    workbook.properties.language = "vi"
    workbook.properties.created = workbook.properties.modified = at
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook would stamp the clock into `modified`.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _steady_zip(raw.getvalue(), at.timetuple()[:6])
