"""Oversight statistics in SQL: one statement per section, however much data there is.

The funnel and the decision times read two rollups (materialised views of migration 0013)
that `refresh` rebuilds: the worker does so every 5 minutes, so those figures lag the
timeline by up to 5 minutes; connections and deals are read live.

Every statement reads public columns only (states, times, provinces, field codes, deal kinds
and values); none selects a description, contact, review note or attachment. Provinces and
fields are those of the listing; months are Vietnamese calendar months (PORTAL_TZ)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.statistics import (
    STAGE_BY_STATUS,
    TOP_N,
    DealBucket,
    DecisionTimes,
    FunnelStage,
    PlaceCount,
    StageCounts,
    StatisticsQuery,
)

# Filters on the listing's province and field, shared by every statement; `l` is the row that
# carries `province_code` and `field_code`.
_PLACE_FILTER = """
  AND (CAST(:provinces AS text[]) IS NULL OR {p} = ANY(CAST(:provinces AS text[])))
  AND (CAST(:fields AS text[]) IS NULL OR {f} = ANY(CAST(:fields AS text[])))
"""

# Every month, province and field of the funnel in one read of the monthly rollup (grouping
# sets), so the funnel, the top fields and the top provinces cost one statement.
_FUNNEL = f"""
SELECT status, month, province_code, field_code,
       GROUPING(month) AS no_month, GROUPING(province_code) AS no_province,
       GROUPING(field_code) AS no_field, sum(n)::bigint AS n
FROM stats_funnel_monthly
WHERE month >= :first_month AND month <= :last_month
  {_PLACE_FILTER.format(p="province_code", f="field_code")}
GROUP BY GROUPING SETS ((status, month), (status, province_code), (status, field_code))
"""

# The rollups of the funnel (migrations 0011 and 0019) and the place columns each has.
_FUNNEL_ROLLUPS = {
    "stats_funnel_monthly": ("province_code", "field_code"),
    "stats_funnel_province_monthly": ("province_code",),
    "stats_funnel_field_monthly": ("field_code",),
}
_FILTER_OF = {
    "province_code": "AND (CAST(:provinces AS text[]) IS NULL "
    "OR province_code = ANY(CAST(:provinces AS text[])))",
    "field_code": "AND (CAST(:fields AS text[]) IS NULL "
    "OR field_code = ANY(CAST(:fields AS text[])))",
}


def _grouping(rollup: str, column: str | None) -> str:
    """One grouping of the funnel (by month when `column` is None), in _FUNNEL's columns."""
    filters = " ".join(_FILTER_OF[c] for c in _FUNNEL_ROLLUPS[rollup])
    group = column or "month"

    def kept(name: str, flag: str) -> str:
        if name == group:
            return f"{name}, 0 AS {flag}"
        return f"NULL AS {name}, 1 AS {flag}"

    return f"""SELECT status, {kept("month", "no_month")},
    {kept("province_code", "no_province")}, {kept("field_code", "no_field")},
    sum(n)::bigint AS n FROM {rollup}
  WHERE month >= :first_month AND month <= :last_month {filters}
  GROUP BY status, {group}"""


def funnel_sql(*, by_province: bool, by_field: bool) -> str:
    """Each grouping read from the smallest rollup holding the dimensions it groups and is
    filtered by: a national year sums a few thousand rows instead of ~72,000 three times."""
    if by_province and by_field:
        return _FUNNEL
    months = "stats_funnel_field_monthly" if by_field else "stats_funnel_province_monthly"
    provinces = "stats_funnel_monthly" if by_field else "stats_funnel_province_monthly"
    fields = "stats_funnel_monthly" if by_province else "stats_funnel_field_monthly"
    return "\nUNION ALL\n".join(
        (
            _grouping(months, None),
            _grouping(provinces, "province_code"),
            _grouping(fields, "field_code"),
        )
    )


# Final decisions in the period, each measured from the initiative's first submission.
_DECISIONS = f"""
SELECT count(days) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
FROM stats_decisions
WHERE decided_at >= :start AND decided_at < :end
  {_PLACE_FILTER.format(p="province_code", f="field_code")}
"""

# In refresh order: the per-dimension funnels are summed from stats_funnel_monthly.
ROLLUPS = (
    "stats_funnel_monthly",
    "stats_funnel_province_monthly",
    "stats_funnel_field_monthly",
    "stats_decisions",
)

# The listing behind a connection, whichever kind it is (looked up by primary key).
_LISTING_PLACE = """
  LEFT JOIN initiatives li ON c.listing_kind = 'initiative' AND li.id = c.listing_id
  LEFT JOIN technology_offers lo ON c.listing_kind = 'offer' AND lo.id = c.listing_id
  LEFT JOIN needs ln ON c.listing_kind = 'need' AND ln.id = c.listing_id
"""
_PROVINCE = "coalesce(li.province_code, lo.province_code, ln.province_code)"
_FIELD = "coalesce(li.field_code, lo.field_code, ln.field_code)"

_CONNECTIONS = f"""
SELECT c.status, count(*) AS n
FROM connections c {_LISTING_PLACE}
WHERE c.created_at >= :start AND c.created_at < :end
  {_PLACE_FILTER.format(p=_PROVINCE, f=_FIELD)}
GROUP BY c.status
"""

# Confirmed deals only: a deal one party recorded is a claim until the other confirms it.
_DEALS = f"""
SELECT d.kind, to_char(d.signed_on, 'YYYY-MM') AS month, {_PROVINCE} AS province_code,
       count(*) AS n, coalesce(sum(d.value_vnd), 0) AS value,
       count(*) FILTER (WHERE d.value_vnd IS NULL) AS undisclosed
FROM deals d
JOIN connections c ON c.id = d.connection_id {_LISTING_PLACE}
WHERE d.status = 'confirmed' AND d.signed_on >= :start_day AND d.signed_on < :end_day
  {_PLACE_FILTER.format(p=_PROVINCE, f=_FIELD)}
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
"""


def _params(q: StatisticsQuery) -> dict[str, Any]:
    return {
        "start": q.period.starts_at,
        "end": q.period.ends_at,
        "provinces": sorted(q.provinces) if q.provinces is not None else None,
        "fields": sorted(q.field_codes) if q.field_codes is not None else None,
    }


def _top(counts: dict[str, dict[str, int]]) -> list[PlaceCount]:
    places = [
        PlaceCount(code, c.get("submitted", 0), c.get("published", 0)) for code, c in counts.items()
    ]
    places.sort(key=lambda p: (-p.received, -p.published, p.code))
    return places[:TOP_N]


class SqlStatisticsReader:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def refresh(self, *, concurrently: bool = True) -> None:
        """Rebuild the rollups. Concurrently (readers never wait) needs its own transaction:
        the worker's job; tests refresh inside theirs."""
        for view in ROLLUPS:
            mode = "CONCURRENTLY " if concurrently else ""
            await self._session.execute(text(f"REFRESH MATERIALIZED VIEW {mode}{view}"))

    async def funnel(
        self, q: StatisticsQuery
    ) -> tuple[list[StageCounts], list[PlaceCount], list[PlaceCount]]:
        months = q.period.months()
        params = {**_params(q), "first_month": months[0], "last_month": months[-1]}
        sql = funnel_sql(by_province=q.provinces is not None, by_field=q.field_codes is not None)
        rows = await self._session.execute(text(sql), params)
        by_month = {stage: dict.fromkeys(months, 0) for stage in FunnelStage}
        fields: dict[str, dict[str, int]] = {}
        provinces: dict[str, dict[str, int]] = {}
        for r in rows:
            if r.status not in STAGE_BY_STATUS:
                continue
            if not r.no_month:
                by_month[STAGE_BY_STATUS[r.status]][r.month] = r.n
            elif not r.no_province and r.province_code is not None:
                provinces.setdefault(r.province_code, {})[r.status] = r.n
            elif not r.no_field and r.field_code is not None:
                fields.setdefault(r.field_code, {})[r.status] = r.n
        funnel = [StageCounts(s, sum(by_month[s].values()), by_month[s]) for s in FunnelStage]
        return funnel, _top(fields), _top(provinces)

    async def decision_times(self, q: StatisticsQuery) -> DecisionTimes:
        row = (await self._session.execute(text(_DECISIONS), _params(q))).one()
        return DecisionTimes(
            decided=row.n,
            p50_days=round(row.p50, 2) if row.p50 is not None else None,
            p90_days=round(row.p90, 2) if row.p90 is not None else None,
        )

    async def connections_by_state(self, q: StatisticsQuery) -> dict[str, int]:
        rows = await self._session.execute(text(_CONNECTIONS), _params(q))
        return {r.status: r.n for r in rows}

    async def deals(self, q: StatisticsQuery) -> list[DealBucket]:
        params = {**_params(q), "start_day": q.period.start, "end_day": q.period.end}
        rows = await self._session.execute(text(_DEALS), params)
        return [
            DealBucket(r.kind, r.month, r.province_code, r.n, int(r.value), r.undisclosed)
            for r in rows
        ]
