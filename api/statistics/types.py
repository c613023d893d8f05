"""GraphQL types of the oversight statistics: aggregates only, named by code."""

from __future__ import annotations

from collections import defaultdict

import strawberry

from api.context import Info
from api.feedback.types import FeedbackStatisticsType, PublicFeedbackType
from api.listings.types.shared import Vnd
from domain import matching_usage as usage
from domain import statistics as domain
from domain.provinces import province_by_code
from domain.taxonomy import field_by_code

FunnelStage = strawberry.enum(domain.FunnelStage, name="FunnelStage")
MatchingQueryName = strawberry.enum(
    usage.MatchingQueryName,
    name="MatchingQueryName",
    description="A matching query of the API (recommendedSuppliers, similarListings, ...).",
)


@strawberry.type
class BucketCount:
    """A month (`2026-07`) or quarter (`2026-Q3`) and how many."""

    bucket: str
    count: int


@strawberry.type(name="FunnelStageCount")
class FunnelStageCountType:
    stage: FunnelStage  # type: ignore[valid-type]
    total: int
    by_month: list[BucketCount]
    by_quarter: list[BucketCount]

    @classmethod
    def from_domain(cls, s: domain.StageCounts) -> FunnelStageCountType:
        return cls(
            stage=s.stage,
            total=s.total,
            by_month=[BucketCount(bucket=m, count=n) for m, n in s.by_month.items()],
            by_quarter=[BucketCount(bucket=q, count=n) for q, n in s.by_quarter.items()],
        )


@strawberry.type(name="DecisionTime")
class DecisionTimeType:
    decided: int = strawberry.field(description="Final decisions (accept or reject) in the period.")
    p50_days: float | None = strawberry.field(description="Median days from first submission.")
    p90_days: float | None


@strawberry.type(name="PlaceCount")
class PlaceCountType:
    """A field of science or a province: initiatives received and published in the period."""

    code: str
    name_vi: str
    name_en: str
    received: int
    published: int


def _field(p: domain.PlaceCount) -> PlaceCountType:
    found = field_by_code(p.code)
    vi, en = (found.name_vi, found.name_en) if found else (p.code, p.code)
    return PlaceCountType(
        code=p.code, name_vi=vi, name_en=en, received=p.received, published=p.published
    )


def _province(p: domain.PlaceCount) -> PlaceCountType:
    found = province_by_code(p.code)
    vi, en = (found.name_vi, found.name_en) if found else (p.code, p.code)
    return PlaceCountType(
        code=p.code, name_vi=vi, name_en=en, received=p.received, published=p.published
    )


@strawberry.type
class StateCount:
    state: str
    count: int


@strawberry.type
class DealCount:
    """Deals of one kind, month or province: how many and their disclosed value."""

    key: str | None
    count: int
    value_vnd: Vnd
    undisclosed: int


@strawberry.type(name="DealStatistics")
class DealStatisticsType:
    count: int
    value_vnd: Vnd
    confirmed_only: bool = strawberry.field(
        description="True: only deals the other party confirmed are counted."
    )
    by_kind: list[DealCount]
    by_month: list[DealCount]
    by_province: list[DealCount]

    @classmethod
    def from_domain(cls, buckets: list[domain.DealBucket]) -> DealStatisticsType:
        def group(key: str) -> list[DealCount]:
            sums: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
            for b in buckets:
                s = sums[getattr(b, key)]
                s[0] += b.count
                s[1] += b.value_vnd
                s[2] += b.undisclosed
            return [
                DealCount(key=k, count=s[0], value_vnd=Vnd(s[1]), undisclosed=s[2])
                for k, s in sorted(sums.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
            ]

        return cls(
            count=sum(b.count for b in buckets),
            value_vnd=Vnd(sum(b.value_vnd for b in buckets)),
            confirmed_only=True,
            by_kind=group("kind"),
            by_month=group("month"),
            by_province=group("province_code"),
        )


def _common(s: domain.Statistics) -> dict[str, object]:
    return {
        "period": s.query.period.label,
        "provinces": sorted(s.query.provinces) if s.query.provinces is not None else None,
        "field_codes": sorted(s.query.field_codes) if s.query.field_codes is not None else None,
        "funnel": [FunnelStageCountType.from_domain(f) for f in s.funnel],
        "decision_time": DecisionTimeType(
            decided=s.decisions.decided,
            p50_days=s.decisions.p50_days,
            p90_days=s.decisions.p90_days,
        ),
        "deals": DealStatisticsType.from_domain(s.deals),
        "top_fields": [_field(p) for p in s.top_fields],
        "top_provinces": [_province(p) for p in s.top_provinces],
    }


@strawberry.type(name="MatchingQueryUsage")
class MatchingQueryUsageType:
    """How many times one matching query was answered on subjects in the statistics' scope."""

    query: MatchingQueryName  # type: ignore[valid-type]
    count: int
    by_month: list[BucketCount]

    @classmethod
    def from_domain(cls, u: usage.QueryUsage) -> MatchingQueryUsageType:
        return cls(
            query=u.query,
            count=u.total,
            by_month=[BucketCount(bucket=m, count=n) for m, n in u.by_month.items()],
        )


@strawberry.type(name="Statistics")
class StatisticsType:
    period: str
    provinces: list[str] | None = strawberry.field(
        description="The provinces counted; null means every province."
    )
    field_codes: list[str] | None
    funnel: list[FunnelStageCountType]
    decision_time: DecisionTimeType
    deals: DealStatisticsType
    top_fields: list[PlaceCountType]
    top_provinces: list[PlaceCountType]
    connections_by_state: list[StateCount]
    feedback: FeedbackStatisticsType = strawberry.field(
        description="Users' ratings of submission, review and connection, in scope."
    )
    _query: strawberry.Private[domain.StatisticsQuery]  # already limited to the caller's scope

    @strawberry.field(
        description="Answers of each matching query in the period, by month, on subjects "
        "(needs, offers, initiatives) of the provinces and fields in scope; fund matches have "
        "no province or field, so only an unfiltered national query counts them."
    )
    async def matching_usage(self, info: Info) -> list[MatchingQueryUsageType]:
        # Read only when asked: the one statement is not paid by callers that skip it.
        found = await info.context.uow.matching_usage.usage(self._query)
        return [MatchingQueryUsageType.from_domain(u) for u in found]

    @classmethod
    def from_domain(cls, s: domain.Statistics) -> StatisticsType:
        return cls(
            **_common(s),  # type: ignore[arg-type]
            connections_by_state=[
                StateCount(state=k, count=v) for k, v in sorted(s.connections_by_state.items())
            ],
            feedback=FeedbackStatisticsType.from_domain(s.feedback),
            _query=s.query,
        )


@strawberry.type(name="PublicStatistics")
class PublicStatisticsType:
    """The portal's published results: the same aggregates as `statistics` but connections."""

    period: str
    provinces: list[str] | None
    field_codes: list[str] | None
    funnel: list[FunnelStageCountType]
    decision_time: DecisionTimeType
    deals: DealStatisticsType
    top_fields: list[PlaceCountType]
    top_provinces: list[PlaceCountType]
    feedback: PublicFeedbackType = strawberry.field(
        description="Average ratings and the published evaluation rounds."
    )

    @classmethod
    def from_domain(cls, s: domain.Statistics) -> PublicStatisticsType:
        return cls(
            **_common(s),  # type: ignore[arg-type]
            feedback=PublicFeedbackType.from_domain(s.feedback),
        )
