"""Reading a report's spreadsheet back, as a ministry clerk's spreadsheet program would."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

Rows = list[list[Any]]


def sheets(xlsx: bytes) -> dict[str, Rows]:
    """Every sheet's cell values, row by row."""
    workbook = load_workbook(io.BytesIO(xlsx))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}


def _trim(row: list[Any]) -> list[Any]:
    while row and row[-1] is None:
        row = row[:-1]
    return row


def tables(rows: Rows) -> dict[str, tuple[list[Any], Rows]]:
    """A section sheet's tables by title: (headers, data rows). A table is a title row, a
    header row and its rows, with a blank row before it."""
    blocks: list[Rows] = [[]]
    for row in rows[1:]:
        if all(v is None for v in row):
            blocks.append([])
        else:
            blocks[-1].append(_trim(row))
    return {b[0][0]: (b[1], b[2:]) for b in blocks if len(b) >= 2}


def all_text(xlsx: bytes) -> str:
    return "\n".join(
        str(v) for rows in sheets(xlsx).values() for row in rows for v in row if v is not None
    )
