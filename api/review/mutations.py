"""Mutations of the review. Each returns a payload union with typed errors."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

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
from domain.fields import from_fields
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


def _assignment_id(input: DeclareConflictOfInterestInput | ScoreInitiativeInput) -> UUID:
    return parse_global_id(input.assignment_id, "ReviewAssignment", "assignmentId")


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
        assignment = await ctx.act(uc.assign_reviewer, cmd)
        return ReviewerAssigned(assignment=ReviewAssignmentType.from_domain(assignment))

    @strawberry.mutation(description="The reviewer steps aside for a conflict of interest.")
    @payload
    async def declare_conflict_of_interest(
        self, info: Info, input: DeclareConflictOfInterestInput
    ) -> DeclareConflictOfInterestResult:
        ctx = info.context
        cmd = from_fields(uc.DeclareConflict, input, assignment_id=_assignment_id(input))
        assignment = await ctx.act(uc.declare_conflict, cmd)
        return ConflictOfInterestDeclared(assignment=ReviewAssignmentType.from_domain(assignment))

    @strawberry.mutation(description="The reviewer scores the initiative and recommends.")
    @payload
    async def score_initiative(
        self, info: Info, input: ScoreInitiativeInput
    ) -> ScoreInitiativeResult:
        ctx = info.context
        assignment_id = _assignment_id(input)
        # The input's fields are named by the criteria's values.
        scores = {c: getattr(input.scores, c.value) for c in domain.Criterion}
        cmd = from_fields(uc.ScoreInitiative, input, assignment_id=assignment_id, scores=scores)
        sheet = await ctx.act(uc.score_initiative, cmd)
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
        initiative_id = parse_global_id(input.initiative_id, "Initiative", "initiativeId")
        cmd = from_fields(uc.DecideInitiative, input, initiative_id=initiative_id)
        decision = await ctx.act(uc.decide_initiative, cmd, now=ctx.now())
        return InitiativeDecided(decision=ReviewDecisionType.from_domain(decision))
