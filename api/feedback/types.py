"""GraphQL types of user feedback and evaluation rounds, and their parts of the statistics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import strawberry
from strawberry import relay

from api.context import Info
from api.relay import resolve_by_uuid
from domain import feedback as domain
from domain.fields import from_fields

RatedProcess = strawberry.enum(domain.RatedProcess, name="RatedProcess")

# The GraphQL type of each process's subject, so a client can open it by global id.
SUBJECT_TYPES = {
    domain.RatedProcess.SUBMISSION: "Initiative",
    domain.RatedProcess.REVIEW: "Initiative",
    domain.RatedProcess.CONNECTION: "ConnectionRequest",
}


@strawberry.type(name="ProcessRating")
class ProcessRatingType:
    process: RatedProcess  # type: ignore[valid-type]
    subject_id: relay.GlobalID = strawberry.field(
        description="The Initiative (SUBMISSION, REVIEW) or ConnectionRequest (CONNECTION)."
    )
    score: int
    comment: str | None = strawberry.field(
        description="Private: its author, and operators and observers of the listing's province."
    )
    rated_at: datetime = strawberry.field(description="When it was given or last replaced.")
    province_code: str | None = strawberry.field(description="The listing's province.")

    @classmethod
    def from_domain(cls, r: domain.ProcessRating) -> ProcessRatingType:
        return cls(
            process=r.process,
            subject_id=relay.GlobalID(SUBJECT_TYPES[r.process], str(r.subject_id)),
            score=r.score,
            comment=r.comment,
            rated_at=r.rated_at,
            province_code=r.province_code,
        )


@strawberry.type(name="EvaluationRound")
class EvaluationRoundType(relay.Node):
    """An external evaluation of the portal, for operators and observers."""

    id: relay.NodeID[str]
    evaluator: str = strawberry.field(description="The external evaluator organisation.")
    period_start: date
    period_end: date = strawberry.field(description="The last day evaluated (included).")
    findings: str = strawberry.field(description="Internal, even once the round is published.")
    summary: str = strawberry.field(description="Public once the round is published.")
    created_at: datetime
    published_at: datetime | None

    @classmethod
    def from_domain(cls, r: domain.EvaluationRound) -> EvaluationRoundType:
        return from_fields(cls, r, id=str(r.id))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[EvaluationRoundType | None]:
        # Operators and observers; the public reads published summaries in publicStatistics.
        actor = await info.context.actor_or_anonymous()
        if not actor.is_observer:
            return [None for _ in node_ids]
        fetch = info.context.uow.evaluation_rounds.get_many
        return await resolve_by_uuid(
            node_ids, lambda ids: fetch(ids, published_only=False), cls.from_domain
        )


@strawberry.type(name="PublishedEvaluationRound")
class PublishedEvaluationRoundType:
    """What the public reads of a published round: who evaluated which period, the summary."""

    id: relay.GlobalID
    evaluator: str
    period_start: date
    period_end: date
    summary: str
    published_at: datetime

    @classmethod
    def from_domain(cls, r: domain.EvaluationRound) -> PublishedEvaluationRoundType:
        assert r.published_at is not None
        return cls(
            id=relay.GlobalID("EvaluationRound", str(r.id)),
            evaluator=r.evaluator,
            period_start=r.period_start,
            period_end=r.period_end,
            summary=r.summary,
            published_at=r.published_at,
        )


@strawberry.type
class ScoreCount:
    score: int
    count: int


@strawberry.type(name="ProcessRatingStatistics")
class ProcessRatingStatisticsType:
    """Ratings of one process given or last replaced in the period, in scope."""

    process: RatedProcess  # type: ignore[valid-type]
    count: int
    average: float | None
    distribution: list[ScoreCount] = strawberry.field(description="Every score 1-5.")
    commented: int = strawberry.field(description="How many carry a (private) comment.")


@strawberry.type(name="FeedbackStatistics")
class FeedbackStatisticsType:
    ratings: list[ProcessRatingStatisticsType]

    @classmethod
    def from_domain(cls, f: domain.FeedbackStatistics | None) -> FeedbackStatisticsType:
        return cls(
            ratings=[
                ProcessRatingStatisticsType(
                    process=r.process,
                    count=r.count,
                    average=r.average,
                    distribution=[ScoreCount(score=s, count=n) for s, n in r.distribution.items()],
                    commented=r.commented,
                )
                for r in (f.ratings if f else [])
            ]
        )


@strawberry.type(name="PublicProcessRating")
class PublicProcessRatingType:
    process: RatedProcess  # type: ignore[valid-type]
    count: int
    average: float | None = strawberry.field(
        description=f"Null below {domain.PUBLIC_MIN_RATINGS} ratings."
    )


@strawberry.type(name="PublicFeedback")
class PublicFeedbackType:
    ratings: list[PublicProcessRatingType]
    evaluation_rounds: list[PublishedEvaluationRoundType] = strawberry.field(
        description="Published rounds whose period overlaps the statistics period."
    )

    @classmethod
    def from_domain(cls, f: domain.FeedbackStatistics | None) -> PublicFeedbackType:
        return cls(
            ratings=[
                PublicProcessRatingType(process=r.process, count=r.count, average=r.average)
                for r in (f.ratings if f else [])
            ],
            evaluation_rounds=[
                PublishedEvaluationRoundType.from_domain(r)
                for r in ((f.published_rounds or []) if f else [])
            ],
        )
