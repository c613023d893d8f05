"""Oversight statistics: the period they cover, the funnel of initiatives, and the figures the
ministry and provincial departments read. Aggregates only: nothing here carries a description,
a contact, a review note or an attachment."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.errors import ValidationCode, Validator
from domain.feedback import FeedbackStatistics
from domain.listings.kinds import InitiativeStatus
from domain.provinces import province_by_code
from domain.taxonomy import FIELDS, field_by_code

# Months and quarters are Vietnamese calendar months: a decision at 23:30 UTC on 30 June is
# a July decision in Hà Nội.
PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOP_N = 10
MAX_FILTER_CODES = 63


class FunnelStage(enum.StrEnum):
    """The stages an initiative passes, each counted when it enters the matching state."""

    RECEIVED = "received"
    SCREENED = "screened"
    UNDER_REVIEW = "under_review"
    SELECTED = "selected"
    PUBLISHED = "published"
    COMMERCIALISING = "commercialising"

    @property
    def status(self) -> InitiativeStatus:
        return _STAGE_STATUS[self]


_STAGE_STATUS = {
    FunnelStage.RECEIVED: InitiativeStatus.SUBMITTED,
    FunnelStage.SCREENED: InitiativeStatus.SCREENING,
    FunnelStage.UNDER_REVIEW: InitiativeStatus.UNDER_REVIEW,
    FunnelStage.SELECTED: InitiativeStatus.ACCEPTED,
    FunnelStage.PUBLISHED: InitiativeStatus.PUBLISHED,
    FunnelStage.COMMERCIALISING: InitiativeStatus.COMMERCIALISING,
}
STAGE_BY_STATUS = {status.value: stage for stage, status in _STAGE_STATUS.items()}

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar year (`2026`), quarter (`2026-Q3`) or month (`2026-07`); `end` is exclusive."""

    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Period:
        value = text.strip().upper()
        if m := _YEAR.match(value):
            year = int(m[1])
            return cls(value, date(year, 1, 1), date(year + 1, 1, 1))
        if m := _QUARTER.match(value):
            year, quarter = int(m[1]), int(m[2])
            start = date(year, 3 * quarter - 2, 1)
            return cls(value, start, _add_months(start, 3))
        if m := _MONTH.match(value):
            start = date(int(m[1]), int(m[2]), 1)
            return cls(value, start, _add_months(start, 1))
        v = Validator()
        v.add("period", ValidationCode.INVALID_FORMAT, "is not a year, quarter or month")
        v.check()
        raise AssertionError  # unreachable: check() raised

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(), PORTAL_TZ)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end, time(), PORTAL_TZ)

    def months(self) -> list[str]:
        out, month = [], self.start
        while month < self.end:
            out.append(month.strftime("%Y-%m"))
            month = _add_months(month, 1)
        return out


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_of(month: str) -> str:
    """`2026-08` -> `2026-Q3`."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class StatisticsQuery:
    period: Period
    # None: every province the caller may see; otherwise exactly these.
    provinces: frozenset[str] | None = None
    # Sector codes (a level-1 field is expanded into its sectors); None: every field.
    field_codes: frozenset[str] | None = None


def build_query(
    period: str, provinces: Sequence[str] | None, field_codes: Sequence[str] | None
) -> StatisticsQuery:
    """Validates every argument at once: a bad period, an unknown province or field code."""
    v = Validator()
    parsed: Period | None = None
    try:
        parsed = Period.parse(period)
    except Exception as error:
        v.issues.extend(getattr(error, "issues", ()))
    if provinces is not None:
        if len(provinces) > MAX_FILTER_CODES:
            v.add("provinces", ValidationCode.TOO_LONG, f"allows at most {MAX_FILTER_CODES}")
        elif any(province_by_code(p) is None for p in provinces):
            v.add("provinces", ValidationCode.INVALID_CHOICE, "has an unknown province code")
    codes: set[str] | None = None
    if field_codes is not None:
        codes = set()
        for code in field_codes[:MAX_FILTER_CODES]:
            found = field_by_code(code)
            if found is None:
                v.add("fieldCodes", ValidationCode.INVALID_CHOICE, "has an unknown field code")
                break
            codes.add(code)
            if found.level == 1:
                codes.update(f.code for f in FIELDS if f.parent_code == code)
    v.check()
    assert parsed is not None
    return StatisticsQuery(
        period=parsed,
        provinces=frozenset(provinces) if provinces is not None else None,
        field_codes=frozenset(codes) if codes is not None else None,
    )


# --- what the reader returns ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageCounts:
    stage: FunnelStage
    total: int
    by_month: dict[str, int]  # "2026-07" -> count, every month of the period present

    @property
    def by_quarter(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for month, n in self.by_month.items():
            out[quarter_of(month)] = out.get(quarter_of(month), 0) + n
        return out


@dataclass(frozen=True, slots=True)
class DecisionTimes:
    decided: int
    p50_days: float | None
    p90_days: float | None


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """A field or province: initiatives received and published in the period."""

    code: str
    received: int
    published: int


@dataclass(frozen=True, slots=True)
class DealBucket:
    kind: str
    month: str
    province_code: str | None
    count: int
    value_vnd: int
    undisclosed: int


@dataclass(frozen=True, slots=True)
class Statistics:
    query: StatisticsQuery
    funnel: list[StageCounts]
    decisions: DecisionTimes
    top_fields: list[PlaceCount]
    top_provinces: list[PlaceCount]
    deals: list[DealBucket]
    connections_by_state: dict[str, int] = field(default_factory=dict)
    # User ratings and evaluation rounds (domain/feedback.py).
    feedback: FeedbackStatistics | None = None


class StatisticsReader(Protocol):
    async def funnel(
        self, q: StatisticsQuery
    ) -> tuple[list[StageCounts], list[PlaceCount], list[PlaceCount]]: ...

    async def decision_times(self, q: StatisticsQuery) -> DecisionTimes: ...

    async def connections_by_state(self, q: StatisticsQuery) -> dict[str, int]: ...

    async def deals(self, q: StatisticsQuery) -> list[DealBucket]: ...
