"""Periodic reports to the ministry (monthly and quarterly): which periods have closed, whose
scope a report covers, what is stored of one, and the shape of its content (sections of
tables and charts, built in domain/report_sections.py from the oversight statistics only, so
every number in a report is one a `statistics` query for the same period and provinces
answers). Aggregates only: no description, contact, review note or attachment."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.provinces import province_by_code
from domain.statistics import (
    PORTAL_TZ,
    Period,
    StatisticsQuery,
    quarter_of,
)

NATIONAL = "national"  # the scope of a report on every province


class ReportKind(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class ReportFormat(enum.StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return _MEDIA[self]


_MEDIA = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def kind_of(period: Period) -> ReportKind:
    if "-Q" in period.label:
        return ReportKind.QUARTERLY
    return ReportKind.MONTHLY if "-" in period.label else ReportKind.YEARLY


def period_name_vi(period: Period) -> str:
    """`2026-Q3` -> `Quý III/2026`, `2026-07` -> `Tháng 7/2026`, `2026` -> `Năm 2026`."""
    kind = kind_of(period)
    if kind is ReportKind.QUARTERLY:
        return f"Quý {_ROMAN[int(period.label[-1])]}/{period.label[:4]}"
    if kind is ReportKind.MONTHLY:
        return f"Tháng {period.start.month}/{period.start.year}"
    return f"Năm {period.start.year}"


def closed_periods(now: datetime) -> list[Period]:
    """The month and the quarter that closed last, in Vietnamese time: on 1 October 00:05 in
    Hà Nội, `2026-09` and `2026-Q3`."""
    today = now.astimezone(PORTAL_TZ).date()
    last_month = today.replace(day=1) - timedelta(days=1)
    first_of_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_month = first_of_quarter - timedelta(days=1)
    return [
        Period.parse(last_month.strftime("%Y-%m")),
        Period.parse(quarter_of(last_quarter_month.strftime("%Y-%m"))),
    ]


def scope_query(period: Period, scope: str) -> StatisticsQuery:
    """The statistics question a stored report answers: every province, or one."""
    provinces = None if scope == NATIONAL else frozenset({scope})
    return StatisticsQuery(period=period, provinces=provinces)


def scope_name_vi(scope: str) -> str:
    if scope == NATIONAL:
        return "Toàn quốc"
    found = province_by_code(scope)
    return found.name_vi if found else scope


def readable(scope: str, overseen: frozenset[str] | None) -> bool:
    """`overseen` as `province_scope` gives it: None reads every report; a provincial
    overseer reads the reports of its provinces, not the national one (whose figures the
    statistics refuse it too)."""
    return overseen is None or scope in overseen


# --- stored reports ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportFile:
    id: UUID
    format: ReportFormat
    storage_key: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: UUID
    period: str
    kind: ReportKind
    scope: str
    generated_at: datetime
    files: list[ReportFile] = field(default_factory=list)

    def file(self, fmt: ReportFormat) -> ReportFile | None:
        return next((f for f in self.files if f.format is fmt), None)


@dataclass(frozen=True, slots=True)
class RenderedFile:
    format: ReportFormat
    content: bytes


# --- the content of a report -------------------------------------------------------------

Value = str | int | float | None


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart of one table: `labels` on one axis, one bar series per entry."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    horizontal: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Value]]
    money_columns: frozenset[int] = frozenset()  # columns holding VND amounts


@dataclass(frozen=True, slots=True)
class Section:
    sheet: str  # the spreadsheet's sheet name: at most 31 characters
    title: str
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportContent:
    title: str
    period: Period
    scope_name: str
    about: list[tuple[str, str]]  # the cover: what, when, where from
    generated_at: datetime
    sections: list[Section]

    @property
    def generated_label(self) -> str:
        return self.generated_at.astimezone(PORTAL_TZ).strftime("%d/%m/%Y %H:%M:%S (giờ Việt Nam)")


def file_name(period: Period, scope: str, fmt: ReportFormat) -> str:
    place = "toan-quoc" if scope == NATIONAL else scope
    return f"bao-cao-{period.label}-{place}.{fmt.value}"
