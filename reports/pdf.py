"""The PDF of a report (fpdf2): the cover, then each section's tables and charts, with
matplotlib's DejaVu Sans embedded for the Vietnamese text. The creation date is the
generation time, never the clock."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace, XPos, YPos

from domain.reports import ReportContent, Section, Table, Value
from reports.charts import chart_png

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "DejaVu"


def number_vi(value: Value, money: bool = False) -> str:
    """Vietnamese figures: 5.000.000.000 and 3,5; an absent value is a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not money:
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{round(value):,}".replace(",", ".")


class ReportPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")


def _heading(pdf: FPDF, text: str, size: int, align: str = "L") -> None:
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, size * 0.5 + 1, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _table(pdf: FPDF, table: Table) -> None:
    _heading(pdf, table.title, 10)
    pdf.set_font(FAMILY, size=8)
    if not table.rows:
        pdf.multi_cell(0, 5, "Không có số liệu trong kỳ.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return
    columns = list(zip(*([table.headers, *table.rows]), strict=True))
    # Text columns read left to right, figures line up on the right; width follows content.
    text = [any(isinstance(v, str) for v in column[1:]) or not column[1:] for column in columns]
    widths = [min(40, max(6, *(len(number_vi(v)) for v in column))) for column in columns]
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 242)),
        text_align=["LEFT" if t else "RIGHT" for t in text],
        line_height=4.5,
    ) as grid:
        header = grid.row()
        for title in table.headers:
            header.cell(title)
        for values in table.rows:
            row = grid.row()
            for i, value in enumerate(values):
                row.cell(number_vi(value, money=i in table.money_columns))
    pdf.ln(3)


def _section(pdf: FPDF, section: Section) -> None:
    pdf.add_page()
    _heading(pdf, section.title, 13)
    for table in section.tables:
        _table(pdf, table)
    for chart in section.charts:
        png = chart_png(chart)
        pdf.image(io.BytesIO(png), w=pdf.epw)
        pdf.ln(2)
    if section.note:
        pdf.set_font(FAMILY, size=8)
        pdf.multi_cell(0, 4.5, section.note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_pdf(content: ReportContent) -> bytes:
    pdf = ReportPdf(format="A4")
    pdf.set_creation_date(content.generated_at)
    pdf.set_title(content.title)
    pdf.set_author("Innovex")
    pdf.set_lang("vi")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    # The national motto heads every administrative report (Decree 30/2020/ND-CP layout).
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(
        0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    _heading(pdf, content.title, 14, align="C")
    pdf.ln(2)
    pdf.set_font(FAMILY, size=10)
    with pdf.table(col_widths=(1, 3), first_row_as_headings=False, line_height=6) as cover:
        for label, value in [*content.about, ("Thời điểm lập", content.generated_label)]:
            row = cover.row()
            row.cell(label)
            row.cell(value)
    for section in content.sections:
        _section(pdf, section)
    return bytes(pdf.output())
