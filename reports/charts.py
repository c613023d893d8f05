"""Bar charts of a report as PNG, drawn by matplotlib's Agg renderer without pyplot (no global
state: safe in a worker thread). DejaVu Sans, matplotlib's own font, has every Vietnamese
letter; the PNG carries no timestamp."""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from domain.reports import Chart

COLOURS = ("#1f5fa8", "#e07b24", "#3a9d5d", "#b23a48")


def _label(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 28)) or text


def chart_png(chart: Chart, dpi: int = 110) -> bytes:
    rows = max(1, len(chart.labels))
    height = 0.45 * rows + 1.4 if chart.horizontal else 3.4
    figure = Figure(figsize=(7.5, min(height, 8.0)), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(chart.labels)))
    width = 0.8 / max(1, len(chart.series))
    for i, (name, values) in enumerate(chart.series):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        colour = COLOURS[i % len(COLOURS)]
        if chart.horizontal:
            axes.barh(offsets, values, height=width, label=name, color=colour)
        else:
            axes.bar(offsets, values, width=width, label=name, color=colour)
    labels = [_label(t) for t in chart.labels]
    if chart.horizontal:
        axes.set_yticks(positions, labels, fontsize=8)
        axes.invert_yaxis()  # the first row at the top, as in the table
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        axes.set_xticks(positions, labels, fontsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(chart.title, fontsize=10)
    if len(chart.series) > 1:
        axes.legend(fontsize=8)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()
