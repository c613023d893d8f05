"""Which report periods have closed, in Vietnamese time, and how they are named."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.reports import closed_periods, period_name_vi
from domain.statistics import Period
from reports.pdf import number_vi


def labels(now: datetime) -> list[str]:
    return [p.label for p in closed_periods(now)]


def test_a_period_closes_at_midnight_in_ha_noi_not_in_utc() -> None:
    # 30 September 23:59 in Hà Nội is 16:59 UTC: September has not closed yet.
    assert labels(datetime(2026, 9, 30, 16, 59, tzinfo=UTC)) == ["2026-08", "2026-Q2"]
    # One minute later it is 1 October in Hà Nội: September and the third quarter closed.
    assert labels(datetime(2026, 9, 30, 17, 0, tzinfo=UTC)) == ["2026-09", "2026-Q3"]


def test_mid_quarter_the_last_closed_quarter_is_the_previous_one() -> None:
    assert labels(datetime(2026, 8, 15, 3, 0, tzinfo=UTC)) == ["2026-07", "2026-Q2"]
    assert labels(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)) == ["2026-12", "2026-Q4"]


def test_periods_are_named_as_a_ministry_report_names_them() -> None:
    assert period_name_vi(Period.parse("2026-Q3")) == "Quý III/2026"
    assert period_name_vi(Period.parse("2026-07")) == "Tháng 7/2026"
    assert period_name_vi(Period.parse("2026")) == "Năm 2026"


def test_figures_are_written_the_vietnamese_way() -> None:
    assert number_vi(5_000_000_000, money=True) == "5.000.000.000"
    assert number_vi(3.5) == "3,50"
    assert number_vi(None) == "—"
