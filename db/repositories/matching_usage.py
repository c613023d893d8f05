"""Matching usage (domain/matching_usage.py): recorded one row per answer, read back as counts
per query and Vietnamese month in one statement. Only codes and times are read or written."""

from __future__ import annotations

from sqlalchemy import Table, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import initiatives, matching_usage, needs, technology_offers
from domain.matching_usage import MatchingQueryName, MatchingUse, QueryUsage
from domain.statistics import PORTAL_TZ, StatisticsQuery

# Where each kind of listing keeps its province and field; funds have neither (they span many).
_PLACED: dict[str, Table] = {
    "initiative": initiatives,
    "offer": technology_offers,
    "need": needs,
}

_NAMES = {name.value: name for name in MatchingQueryName}

_USAGE = f"""
SELECT query, to_char(used_at AT TIME ZONE '{PORTAL_TZ.key}', 'YYYY-MM') AS month,
       count(*) AS n
FROM matching_usage
WHERE used_at >= :start AND used_at < :end
  AND (CAST(:provinces AS text[]) IS NULL OR province_code = ANY(CAST(:provinces AS text[])))
  AND (CAST(:fields AS text[]) IS NULL OR field_code = ANY(CAST(:fields AS text[])))
GROUP BY 1, 2
"""


class SqlMatchingUsage:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, use: MatchingUse) -> None:
        """One statement: the subject's province and field are copied as they are now."""
        values: dict[str, object] = {
            "query": use.query.value,
            "subject_kind": use.subject_kind,
            "subject_id": use.subject_id,
        }
        listing = _PLACED.get(use.subject_kind)
        if listing is not None:
            for column in ("province_code", "field_code"):
                values[column] = (
                    select(listing.c[column]).where(listing.c.id == use.subject_id)
                ).scalar_subquery()
        await self._session.execute(insert(matching_usage).values(values))

    async def usage(self, q: StatisticsQuery) -> list[QueryUsage]:
        params = {
            "start": q.period.starts_at,
            "end": q.period.ends_at,
            "provinces": sorted(q.provinces) if q.provinces is not None else None,
            "fields": sorted(q.field_codes) if q.field_codes is not None else None,
        }
        months = q.period.months()
        counts = {name: dict.fromkeys(months, 0) for name in MatchingQueryName}
        for r in await self._session.execute(text(_USAGE), params):
            name = _NAMES.get(r.query)
            if name is not None and r.month in counts[name]:
                counts[name][r.month] = r.n
        return [QueryUsage(name, sum(c.values()), c) for name, c in counts.items()]
