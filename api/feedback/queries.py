"""Ratings with their comments and every evaluation round, for operators and observers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, ValidationError, payload
from api.feedback.types import EvaluationRoundType, ProcessRatingType, RatedProcess
from api.relay import Connection, build_connection, page_request
from domain.feedback import ProcessRating
from domain.feedback import RatedProcess as DomainProcess
from domain.services import feedback as uc
from domain.services.statistics import province_scope
from domain.statistics import build_query


@strawberry.type(name="ProcessRatingPage")
class ProcessRatingPageType:
    ratings: Connection[ProcessRatingType]


@strawberry.type(name="EvaluationRoundPage")
class EvaluationRoundPageType:
    rounds: Connection[EvaluationRoundType]


ProcessRatingsResult = Annotated[
    ProcessRatingPageType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("ProcessRatingsResult"),
]
EvaluationRoundsResult = Annotated[
    EvaluationRoundPageType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("EvaluationRoundsResult"),
]


def _rating_key(r: ProcessRating) -> list[str]:
    return [r.rated_at.isoformat(), str(r.id)]


@strawberry.type
class FeedbackQuery:
    @strawberry.field(
        description="Operators and observers: ratings with their private comments, newest "
        "first, given or replaced in the period; provincial roles read their provinces only."
    )
    @payload
    async def process_ratings(
        self,
        info: Info,
        period: str,
        provinces: list[str] | None = None,
        field_codes: list[str] | None = None,
        process: RatedProcess | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> ProcessRatingsResult:
        ctx = info.context
        actor = await ctx.actor()
        province_scope(actor)  # refuse before reading the arguments
        query = build_query(period, provinces, field_codes)
        kind = DomainProcess(process) if process is not None else None
        scope = f"ratings:{query.period.label}:{provinces}:{field_codes}:{kind}"
        page = page_request(scope, first, after)
        rows = await ctx.act(
            uc.ratings_page, query, process=kind, after=page.after, first=page.first
        )
        return ProcessRatingPageType(
            ratings=build_connection(
                scope, rows, page.first, node=ProcessRatingType.from_domain, key=_rating_key
            )
        )

    @strawberry.field(
        description="Operators and observers: every evaluation round with its findings, "
        "newest first. The public reads published summaries in publicStatistics."
    )
    @payload
    async def evaluation_rounds(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> EvaluationRoundsResult:
        ctx = info.context
        uc.require_round_reader(await ctx.actor())
        page = page_request("evaluation-rounds", first, after)
        rows = await ctx.uow.evaluation_rounds.page(after=page.after, first=page.first)
        return EvaluationRoundPageType(
            rounds=build_connection(
                "evaluation-rounds", rows, page.first, node=EvaluationRoundType.from_domain
            )
        )
