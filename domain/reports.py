"""Periodic reports to the ministry (monthly and quarterly): which periods have closed, whose
scope a report covers, and its tables, built from the oversight statistics only, so every
number in a report is one a `statistics` query for the same period and provinces answers.

A report is a list of sections; each section is one function of the statistics (one sheet
of the spreadsheet, one chapter of the PDF). Adding a section is adding a function to
SECTIONS. Aggregates only: no description, contact, review note or attachment reaches here."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.connections import ConnectionStatus
from domain.deals import DealKind
from domain.provinces import province_by_code
from domain.statistics import (
    PORTAL_TZ,
    DealBucket,
    FunnelStage,
    Period,
    PlaceCount,
    Statistics,
    StatisticsQuery,
    quarter_of,
)
from domain.taxonomy import field_by_code

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


STAGE_VI = {
    FunnelStage.RECEIVED: "Tiếp nhận",
    FunnelStage.SCREENED: "Sơ loại (kiểm tra hồ sơ)",
    FunnelStage.UNDER_REVIEW: "Đưa ra hội đồng đánh giá",
    FunnelStage.SELECTED: "Được công nhận (chọn)",
    FunnelStage.PUBLISHED: "Công bố",
    FunnelStage.COMMERCIALISING: "Thương mại hóa",
}
DEAL_KIND_VI = {
    DealKind.LICENCE.value: "Chuyển giao quyền sử dụng (li-xăng)",
    DealKind.ASSIGNMENT.value: "Chuyển nhượng quyền sở hữu",
    DealKind.INVESTMENT.value: "Đầu tư",
    DealKind.PROCUREMENT.value: "Mua sắm, đặt hàng",
    DealKind.JOINT_DEVELOPMENT.value: "Hợp tác phát triển",
}
CONNECTION_VI = {
    ConnectionStatus.PENDING.value: "Chờ phản hồi",
    ConnectionStatus.ACCEPTED.value: "Đã chấp nhận",
    ConnectionStatus.DECLINED.value: "Bị từ chối",
    ConnectionStatus.NEGOTIATING.value: "Đang đàm phán",
    ConnectionStatus.DEAL.value: "Thành giao dịch",
    ConnectionStatus.CLOSED.value: "Đã đóng",
}


def _month_vi(month: str) -> str:
    return f"{int(month[5:7])}/{month[:4]}"


def _stage_total(s: Statistics, stage: FunnelStage) -> int:
    return next(f.total for f in s.funnel if f.stage is stage)


def deal_totals(buckets: Sequence[DealBucket], key: str) -> list[tuple[str | None, int, int, int]]:
    """(key, count, value, undisclosed) per kind, month or province: the grouping of
    `statistics { deals { byKind byMonth byProvince } }`."""
    sums: dict[str | None, list[int]] = {}
    for b in buckets:
        s = sums.setdefault(getattr(b, key), [0, 0, 0])
        s[0] += b.count
        s[1] += b.value_vnd
        s[2] += b.undisclosed
    ordered = sorted(sums.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    return [(k, s[0], s[1], s[2]) for k, s in ordered]


def summary(s: Statistics) -> Section:
    rows: list[list[Value]] = [[STAGE_VI[f.stage], f.total] for f in s.funnel]
    rows.append(["Có quyết định cuối cùng (chấp thuận hoặc từ chối)", s.decisions.decided])
    rows.append(["Giao dịch đã được hai bên xác nhận", sum(b.count for b in s.deals)])
    rows.append(["Giá trị giao dịch đã công bố (đồng)", sum(b.value_vnd for b in s.deals)])
    return Section(
        "Tổng hợp",
        "I. Kết quả chung trong kỳ",
        [Table("Sáng kiến theo giai đoạn xử lý", ["Chỉ tiêu", "Số lượng"], rows, frozenset({1}))],
        [
            Chart(
                "Sáng kiến theo giai đoạn",
                [STAGE_VI[f.stage] for f in s.funnel],
                [("Số lượng", [float(f.total) for f in s.funnel])],
                horizontal=True,
            )
        ],
        note="Mỗi sáng kiến được tính một lần ở mỗi giai đoạn nó bước vào trong kỳ.",
    )


def by_month(s: Statistics) -> Section:
    months = s.query.period.months()
    rows: list[list[Value]] = [
        [STAGE_VI[f.stage], *(f.by_month.get(m, 0) for m in months), f.total] for f in s.funnel
    ]
    quarters = sorted({quarter_of(m) for m in months})
    quarter_rows: list[list[Value]] = [
        [STAGE_VI[f.stage], *(f.by_quarter.get(q, 0) for q in quarters)] for f in s.funnel
    ]
    received = next(f for f in s.funnel if f.stage is FunnelStage.RECEIVED)
    published = next(f for f in s.funnel if f.stage is FunnelStage.PUBLISHED)
    return Section(
        "Theo tháng",
        "II. Diễn biến theo tháng và quý",
        [
            Table(
                "Theo tháng",
                ["Giai đoạn", *(_month_vi(m) for m in months), "Cộng"],
                rows,
            ),
            Table("Theo quý", ["Giai đoạn", *quarters], quarter_rows),
        ],
        [
            Chart(
                "Tiếp nhận và công bố theo tháng",
                [_month_vi(m) for m in months],
                [
                    ("Tiếp nhận", [float(received.by_month.get(m, 0)) for m in months]),
                    ("Công bố", [float(published.by_month.get(m, 0)) for m in months]),
                ],
            )
        ],
    )


def _places(title: str, places: list[PlaceCount], name: Callable[[str], str]) -> Table:
    return Table(
        title,
        ["Mã", "Tên", "Tiếp nhận", "Công bố"],
        [[p.code, name(p.code), p.received, p.published] for p in places],
    )


def _place_chart(title: str, places: list[PlaceCount], name: Callable[[str], str]) -> Chart:
    return Chart(
        title,
        [name(p.code) for p in places],
        [
            ("Tiếp nhận", [float(p.received) for p in places]),
            ("Công bố", [float(p.published) for p in places]),
        ],
        horizontal=True,
    )


def _field_name(code: str) -> str:
    found = field_by_code(code)
    return found.name_vi if found else code


def by_province(s: Statistics) -> Section:
    title = "Tỉnh/thành có nhiều sáng kiến nhất (tối đa 10)"
    return Section(
        "Theo tỉnh",
        "III. Theo tỉnh, thành phố",
        [_places(title, s.top_provinces, scope_name_vi)],
        [_place_chart("Theo tỉnh, thành phố", s.top_provinces, scope_name_vi)],
    )


def by_field(s: Statistics) -> Section:
    title = "Lĩnh vực có nhiều sáng kiến nhất (tối đa 10)"
    return Section(
        "Theo lĩnh vực",
        "IV. Theo lĩnh vực khoa học, công nghệ",
        [_places(title, s.top_fields, _field_name)],
        [_place_chart("Theo lĩnh vực", s.top_fields, _field_name)],
    )


def deals(s: Statistics) -> Section:
    headers = ["Số giao dịch", "Giá trị (đồng)", "Không công bố giá trị"]

    def table(title: str, first: str, key: str, name: Callable[[str | None], str]) -> Table:
        rows: list[list[Value]] = [
            [name(k), n, value, hidden] for k, n, value, hidden in deal_totals(s.deals, key)
        ]
        return Table(title, [first, *headers], rows, frozenset({2}))

    kinds = deal_totals(s.deals, "kind")
    return Section(
        "Giao dịch",
        "V. Giao dịch công nghệ đã được xác nhận",
        [
            table(
                "Theo loại giao dịch", "Loại", "kind", lambda k: DEAL_KIND_VI.get(k or "", k or "")
            ),
            table("Theo tháng ký", "Tháng", "month", lambda k: _month_vi(k) if k else "—"),
            table(
                "Theo tỉnh, thành phố",
                "Tỉnh/thành",
                "province_code",
                lambda k: scope_name_vi(k) if k else "Không xác định",
            ),
        ],
        [
            Chart(
                "Số giao dịch theo loại",
                [DEAL_KIND_VI.get(k or "", k or "") for k, *_ in kinds],
                [("Số giao dịch", [float(n) for _, n, _, _ in kinds])],
                horizontal=True,
            )
        ]
        if kinds
        else [],
        note="Chỉ tính giao dịch mà bên còn lại đã xác nhận; giá trị là tổng các giá trị "
        "được công bố.",
    )


def processing_times(s: Statistics) -> Section:
    d = s.decisions
    return Section(
        "Thời gian xử lý",
        "VI. Thời gian xử lý",
        [
            Table(
                "Từ khi nộp lần đầu đến quyết định cuối cùng (ngày)",
                ["Chỉ tiêu", "Giá trị"],
                [
                    ["Số quyết định trong kỳ", d.decided],
                    ["Trung vị (p50), ngày", d.p50_days],
                    ["Phân vị 90 (p90), ngày", d.p90_days],
                ],
            )
        ],
        note="Không có quyết định trong kỳ thì p50, p90 để trống.",
    )


def connections(s: Statistics) -> Section:
    rows: list[list[Value]] = [
        [CONNECTION_VI.get(state, state), n] for state, n in sorted(s.connections_by_state.items())
    ]
    return Section(
        "Kết nối",
        "VII. Kết nối cung – cầu mở trong kỳ",
        [Table("Theo trạng thái hiện tại", ["Trạng thái", "Số kết nối"], rows)],
    )


SECTIONS: list[Callable[[Statistics], Section]] = [
    summary,
    by_month,
    by_province,
    by_field,
    deals,
    processing_times,
    connections,
]

TITLE = "BÁO CÁO ĐỊNH KỲ KẾT QUẢ HOẠT ĐỘNG CỔNG SÁNG KIẾN VÀ SÀN GIAO DỊCH KHOA HỌC, CÔNG NGHỆ"


def compose(s: Statistics, generated_at: datetime) -> ReportContent:
    q = s.query
    provinces = sorted(q.provinces) if q.provinces is not None else None
    scope = "Toàn quốc" if provinces is None else ", ".join(scope_name_vi(p) for p in provinces)
    fields = "Tất cả" if q.field_codes is None else ", ".join(sorted(q.field_codes))
    source = f'statistics(period: "{q.period.label}"'
    if provinces is not None:
        source += ", provinces: [" + ", ".join(f'"{p}"' for p in provinces) + "]"
    if q.field_codes is not None:
        source += ", fieldCodes: [" + ", ".join(f'"{c}"' for c in sorted(q.field_codes)) + "]"
    last_day = q.period.end - timedelta(days=1)
    about = [
        ("Kỳ báo cáo", f"{period_name_vi(q.period)} ({q.period.label})"),
        ("Từ ngày", q.period.start.strftime("%d/%m/%Y")),
        ("Đến hết ngày", last_day.strftime("%d/%m/%Y")),
        ("Phạm vi", scope),
        ("Lĩnh vực", fields),
        ("Nguồn số liệu", f"GraphQL {source + ')'} — số liệu tổng hợp, không có thông tin mật"),
    ]
    return ReportContent(
        title=TITLE,
        period=q.period,
        scope_name=scope,
        about=about,
        generated_at=generated_at,
        sections=[section(s) for section in SECTIONS],
    )


def file_name(period: Period, scope: str, fmt: ReportFormat) -> str:
    place = "toan-quoc" if scope == NATIONAL else scope
    return f"bao-cao-{period.label}-{place}.{fmt.value}"
