"""The sections of a periodic report: one function of the statistics per section (one sheet
of the spreadsheet, one chapter of the PDF), in the order of a report to the ministry. Adding
a section is adding a function to SECTIONS; the renderers need no change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from domain.connections import ConnectionStatus
from domain.deals import DealKind
from domain.feedback import RatedProcess
from domain.reports import (
    Chart,
    ReportContent,
    Section,
    Table,
    Value,
    period_name_vi,
    scope_name_vi,
)
from domain.statistics import DealBucket, FunnelStage, PlaceCount, Statistics, quarter_of
from domain.taxonomy import field_by_code

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


PROCESS_VI = {
    RatedProcess.SUBMISSION: "Nộp và xử lý hồ sơ sáng kiến",
    RatedProcess.REVIEW: "Đánh giá của hội đồng",
    RatedProcess.CONNECTION: "Kết nối cung – cầu",
}


def feedback(s: Statistics) -> Section:
    ratings = s.feedback.ratings if s.feedback else []
    rows: list[list[Value]] = [
        [
            PROCESS_VI[r.process],
            r.count,
            r.average,
            *(r.distribution.get(score, 0) for score in range(1, 6)),
            r.commented,
        ]
        for r in ratings
    ]
    return Section(
        "Ý kiến người dùng",
        "VIII. Ý kiến đánh giá của người dùng",
        [
            Table(
                "Đánh giá (thang 1–5) theo quy trình",
                ["Quy trình", "Số đánh giá", "Điểm trung bình", *"12345", "Có nhận xét"],
                rows,
            )
        ],
        [
            Chart(
                "Điểm trung bình theo quy trình",
                [PROCESS_VI[r.process] for r in ratings],
                [("Điểm trung bình", [float(r.average or 0) for r in ratings])],
                horizontal=True,
            )
        ]
        if any(r.count for r in ratings)
        else [],
        note="Nội dung nhận xét là thông tin riêng, không đưa vào báo cáo; chỉ tính số lượng.",
    )


SECTIONS: list[Callable[[Statistics], Section]] = [
    summary,
    by_month,
    by_province,
    by_field,
    deals,
    processing_times,
    connections,
    feedback,
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
