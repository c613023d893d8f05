"""Matching usage: each answered matching query, counted for the statistics. A use names the
query and its subject (kind and id) only; the subject's province and field are copied by the
adapter when it records, so no text of the subject or the asker is ever kept."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.statistics import StatisticsQuery


class MatchingQueryName(enum.StrEnum):
    """The matching queries of the API (api/matching/queries.py)."""

    RECOMMENDED_SUPPLIERS = "recommended_suppliers"
    MATCHED_OPPORTUNITIES = "matched_opportunities"
    MATCHING_NEEDS = "matching_needs"
    SIMILAR_LISTINGS = "similar_listings"
    COMMERCIALISATION_POTENTIAL = "commercialisation_potential"


@dataclass(frozen=True, slots=True)
class MatchingUse:
    query: MatchingQueryName
    subject_kind: str  # initiative, offer, need, fund or org (a fund asked by organisation)
    subject_id: UUID


@dataclass(frozen=True, slots=True)
class QueryUsage:
    query: MatchingQueryName
    total: int
    by_month: dict[str, int]  # "2026-07" -> answers, every month of the period present


class MatchingUsageLog(Protocol):
    async def record(self, use: MatchingUse) -> None: ...


class MatchingUsageReader(Protocol):
    async def usage(self, q: StatisticsQuery) -> list[QueryUsage]:
        """Every query (zeros included), answers in the period on subjects in scope."""
        ...
