"""Oversight statistics in SQL: one statement per section, however much data there is.

Every statement reads public columns only (states, times, provinces, field codes, deal kinds
and values); none selects a description, contact, review note or attachment. Provinces and
fields are those of the listing; months are Vietnamese calendar months (PORTAL_TZ)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.statistics import (
    PORTAL_TZ,
    STAGE_BY_STATUS,
    TOP_N,
    DealBucket,
    DecisionTimes,
    FunnelStage,
    PlaceCount,
    StageCounts,
    StatisticsQuery,
)

TZ = str(PORTAL_TZ)

# Filters on the listing's province and field, shared by every statement; `l` is the row that
# carries `province_code` and `field_code`.
_PLACE_FILTER = """
  AND (CAST(:provinces AS text[]) IS NULL OR {p} = ANY(CAST(:provinces AS text[])))
  AND (CAST(:fields AS text[]) IS NULL OR {f} = ANY(CAST(:fields AS text[])))
"""

# Every month, province and field of the funnel in one scan (grouping sets), so the funnel,
# the top fields and the top provinces cost one statement.
_FUNNEL = f"""
SELECT status, month, province_code, field_code,
       GROUPING(month) AS no_month, GROUPING(province_code) AS no_province,
       GROUPING(field_code) AS no_field, count(*) AS n
FROM (
  SELECT c.to_status AS status,
         to_char(c.at AT TIME ZONE '{TZ}', 'YYYY-MM') AS month,
         i.province_code, i.field_code
  FROM listing_status_changes c
  JOIN initiatives i ON i.id = c.listing_id
  WHERE c.listing_kind = 'initiative'
    AND c.to_status = ANY(CAST(:statuses AS text[]))
    AND c.at >= :start AND c.at < :end
    {_PLACE_FILTER.format(p="i.province_code", f="i.field_code")}
) t
GROUP BY GROUPING SETS ((status, month), (status, province_code), (status, field_code))
"""

# Final decisions in the period, each measured from the initiative's first submission.
_DECISIONS = f"""
SELECT count(days) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
FROM (
  SELECT extract(epoch FROM d.decided_at - s.submitted_at) / 86400.0 AS days
  FROM review_decisions d
  JOIN initiatives i ON i.id = d.initiative_id
  CROSS JOIN LATERAL (
    SELECT min(c.at) AS submitted_at FROM listing_status_changes c
    WHERE c.listing_id = d.initiative_id AND c.to_status = 'submitted'
  ) s
  WHERE d.outcome IN ('accept', 'reject')
    AND d.decided_at >= :start AND d.decided_at < :end
    {_PLACE_FILTER.format(p="i.province_code", f="i.field_code")}
) t
"""

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

# Deals are recorded by one party and not confirmed by the other (the deal model has no
# confirmation state yet): every recorded deal counts.
_DEALS = f"""
SELECT d.kind, to_char(d.signed_on, 'YYYY-MM') AS month, {_PROVINCE} AS province_code,
       count(*) AS n, coalesce(sum(d.value_vnd), 0) AS value,
       count(*) FILTER (WHERE d.value_vnd IS NULL) AS undisclosed
FROM deals d
JOIN connections c ON c.id = d.connection_id {_LISTING_PLACE}
WHERE d.signed_on >= :start_day AND d.signed_on < :end_day
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

    async def funnel(
        self, q: StatisticsQuery
    ) -> tuple[list[StageCounts], list[PlaceCount], list[PlaceCount]]:
        statuses = sorted(STAGE_BY_STATUS)
        rows = await self._session.execute(text(_FUNNEL), {**_params(q), "statuses": statuses})
        months = q.period.months()
        by_month = {stage: dict.fromkeys(months, 0) for stage in FunnelStage}
        fields: dict[str, dict[str, int]] = {}
        provinces: dict[str, dict[str, int]] = {}
        for r in rows:
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
