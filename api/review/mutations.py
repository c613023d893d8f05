"""Mutations of the review. Each returns a payload union with typed errors."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import ErrorPayload, payload
from api.relay import parse_global_id
from api.review.types import (
    DecisionOutcome,
    Recommendation,
    ReviewAssignmentType,
    ReviewDecisionType,
    ScoreSheetType,
)
from domain import review as domain
from domain.services import review as uc


@strawberry.input
class AssignReviewerInput:
    initiative_id: relay.GlobalID
    reviewer_id: relay.GlobalID


@strawberry.type
class ReviewerAssigned:
    assignment: ReviewAssignmentType


AssignReviewerResult = Annotated[
    ReviewerAssigned | ErrorPayload, strawberry.union("AssignReviewerResult")
]


@strawberry.input
class DeclareConflictOfInterestInput:
    assignment_id: relay.GlobalID
    note: str | None = strawberry.field(
        default=None, description="Private to operators: why you step aside."
    )


@strawberry.type
class ConflictOfInterestDeclared:
    assignment: ReviewAssignmentType


DeclareConflictOfInterestResult = Annotated[
    ConflictOfInterestDeclared | ErrorPayload, strawberry.union("DeclareConflictOfInterestResult")
]


@strawberry.input
class CriterionScoresInput:
    novelty: int | None = None
    feasibility: int | None = None
    impact: int | None = None
    commercial_potential: int | None = None


@strawberry.input
class ScoreInitiativeInput:
    assignment_id: relay.GlobalID
    scores: CriterionScoresInput
    comments: str = strawberry.field(description="Private to operators and you.")
    recommendation: Recommendation  # type: ignore[valid-type]


@strawberry.type
class InitiativeScored:
    assignment: ReviewAssignmentType
    score_sheet: ScoreSheetType


ScoreInitiativeResult = Annotated[
    InitiativeScored | ErrorPayload, strawberry.union("ScoreInitiativeResult")
]


@strawberry.input
class DecideInitiativeInput:
    initiative_id: relay.GlobalID
    outcome: DecisionOutcome  # type: ignore[valid-type]
    public_reason: str = strawberry.field(description="Shown to the submitter.")


@strawberry.type
class InitiativeDecided:
    decision: ReviewDecisionType


DecideInitiativeResult = Annotated[
    InitiativeDecided | ErrorPayload, strawberry.union("DecideInitiativeResult")
]


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="Operators assign a reviewer to a submitted initiative.")
    @payload
    async def assign_reviewer(self, info: Info, input: AssignReviewerInput) -> AssignReviewerResult:
        ctx = info.context
        cmd = uc.AssignReviewer(
            initiative_id=parse_global_id(input.initiative_id, "Initiative", "initiativeId"),
            reviewer_id=parse_global_id(input.reviewer_id, "User", "reviewerId"),
        )
        assignment = await uc.assign_reviewer(ctx.uow, await ctx.actor(), cmd)
        return ReviewerAssigned(assignment=ReviewAssignmentType.from_domain(assignment))

    @strawberry.mutation(description="The reviewer steps aside for a conflict of interest.")
    @payload
    async def declare_conflict_of_interest(
        self, info: Info, input: DeclareConflictOfInterestInput
    ) -> DeclareConflictOfInterestResult:
        ctx = info.context
        cmd = uc.DeclareConflict(
            assignment_id=parse_global_id(input.assignment_id, "ReviewAssignment", "assignmentId"),
            note=input.note,
        )
        assignment = await uc.declare_conflict(ctx.uow, await ctx.actor(), cmd)
        return ConflictOfInterestDeclared(assignment=ReviewAssignmentType.from_domain(assignment))

    @strawberry.mutation(description="The reviewer scores the initiative and recommends.")
    @payload
    async def score_initiative(
        self, info: Info, input: ScoreInitiativeInput
    ) -> ScoreInitiativeResult:
        ctx = info.context
        assignment_id = parse_global_id(input.assignment_id, "ReviewAssignment", "assignmentId")
        cmd = uc.ScoreInitiative(
            assignment_id=assignment_id,
            scores={
                domain.Criterion.NOVELTY: input.scores.novelty,
                domain.Criterion.FEASIBILITY: input.scores.feasibility,
                domain.Criterion.IMPACT: input.scores.impact,
                domain.Criterion.COMMERCIAL_POTENTIAL: input.scores.commercial_potential,
            },
            comments=input.comments,
            recommendation=input.recommendation,
        )
        sheet = await uc.score_initiative(ctx.uow, await ctx.actor(), cmd)
        [assignment] = await ctx.uow.review.get_assignments([assignment_id])
        return InitiativeScored(
            assignment=ReviewAssignmentType.from_domain(assignment),
            score_sheet=ScoreSheetType.from_domain(sheet),
        )

    @strawberry.mutation(
        description="Operators accept, reject or send back an initiative, with a public reason."
    )
    @payload
    async def decide_initiative(
        self, info: Info, input: DecideInitiativeInput
    ) -> DecideInitiativeResult:
        ctx = info.context
        cmd = uc.DecideInitiative(
            initiative_id=parse_global_id(input.initiative_id, "Initiative", "initiativeId"),
            outcome=input.outcome,
            public_reason=input.public_reason,
        )
        decision = await uc.decide_initiative(
            ctx.uow, await ctx.actor(), cmd, now=ctx.deps.clock.now()
        )
        return InitiativeDecided(decision=ReviewDecisionType.from_domain(decision))
