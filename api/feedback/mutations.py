"""Rating a process, and recording and publishing evaluation rounds. Payload unions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import ErrorPayload, payload
from api.feedback.types import SUBJECT_TYPES, EvaluationRoundType, ProcessRatingType, RatedProcess
from api.relay import parse_global_id
from domain import feedback as domain
from domain.fields import from_fields
from domain.services import feedback as uc
from domain.services.accounts import require_user


@strawberry.input
class RateProcessInput:
    process: RatedProcess  # type: ignore[valid-type]
    subject_id: relay.GlobalID = strawberry.field(
        description="The Initiative (SUBMISSION, REVIEW) or ConnectionRequest (CONNECTION)."
    )
    score: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    comment: str | None = strawberry.field(
        default=None, description="Private to operators and observers of the province."
    )


@strawberry.type
class ProcessRated:
    rating: ProcessRatingType
    replaced: bool = strawberry.field(description="True: the caller's earlier rating was replaced.")


@strawberry.input
class RecordEvaluationRoundInput:
    evaluator: str = strawberry.field(description="The external evaluator organisation.")
    period_start: date
    period_end: date = strawberry.field(
        description="The last day evaluated (included): 3 to 6 months after periodStart."
    )
    findings: str = strawberry.field(description="Internal, even once published.")
    summary: str = strawberry.field(description="The text the public reads once published.")


@strawberry.input
class PublishEvaluationRoundInput:
    round_id: relay.GlobalID


@strawberry.type
class EvaluationRoundSaved:
    evaluation_round: EvaluationRoundType


RateProcessResult = Annotated[ProcessRated | ErrorPayload, strawberry.union("RateProcessResult")]
EvaluationRoundResult = Annotated[
    EvaluationRoundSaved | ErrorPayload, strawberry.union("EvaluationRoundResult")
]


@strawberry.type
class FeedbackMutation:
    @strawberry.mutation(
        description="Rate (1-5, with an optional private comment) a process you went through: "
        "your organisation's initiative once decided (SUBMISSION), its council review once "
        "decided (REVIEW), or a connection your organisation is a party to once answered "
        "(CONNECTION). Rating again replaces your rating."
    )
    @payload
    async def rate_process(self, info: Info, input: RateProcessInput) -> RateProcessResult:
        ctx = info.context
        require_user(await ctx.actor())
        process = domain.RatedProcess(input.process)
        cmd = uc.RateProcess(
            process=process,
            subject_id=parse_global_id(input.subject_id, SUBJECT_TYPES[process], "subjectId"),
            score=input.score,
            comment=input.comment,
        )
        rated = await ctx.act(uc.rate_process, cmd)
        return ProcessRated(
            rating=ProcessRatingType.from_domain(rated.rating), replaced=rated.replaced
        )

    @strawberry.mutation(
        description="Central operators: record an external evaluation of 3 to 6 months."
    )
    @payload
    async def record_evaluation_round(
        self, info: Info, input: RecordEvaluationRoundInput
    ) -> EvaluationRoundResult:
        cmd = from_fields(uc.RecordEvaluationRound, input)
        found = await info.context.act(uc.record_evaluation_round, cmd)
        return EvaluationRoundSaved(evaluation_round=EvaluationRoundType.from_domain(found))

    @strawberry.mutation(
        description="Central operators: publish a round's summary (its findings stay internal)."
    )
    @payload
    async def publish_evaluation_round(
        self, info: Info, input: PublishEvaluationRoundInput
    ) -> EvaluationRoundResult:
        ctx = info.context
        require_user(await ctx.actor())
        round_id = parse_global_id(input.round_id, "EvaluationRound", "roundId")
        found = await ctx.act(uc.publish_evaluation_round, round_id)
        return EvaluationRoundSaved(evaluation_round=EvaluationRoundType.from_domain(found))
