"""GraphQL types of the review: assignments, score sheets, decisions.

Reviewer identities, conflict notes and score sheets are for operators and the reviewer who
owns the assignment; the submitter sees decisions and their public reasons only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import UserType, user_of
from api.context import Info
from api.listings.types.initiatives import InitiativeType
from api.permissions import IsStaff, IsStaffOrAssignedReviewer, confidential
from api.relay import node_uuids
from domain import review as domain
from domain.fields import from_fields

Criterion = strawberry.enum(domain.Criterion, name="ReviewCriterion")
Recommendation = strawberry.enum(domain.Recommendation, name="ReviewRecommendation")
AssignmentStatus = strawberry.enum(domain.AssignmentStatus, name="ReviewAssignmentStatus")
DecisionOutcome = strawberry.enum(domain.DecisionOutcome, name="ReviewDecisionOutcome")


@strawberry.type(name="ScoreSheet")
class ScoreSheetType:
    novelty: int
    feasibility: int
    impact: int
    commercial_potential: int
    weighted_score: float = strawberry.field(
        description="Weighted mean on the 1-5 scale (novelty 30%, feasibility 25%, "
        "impact 25%, commercial potential 20%)."
    )
    comments: str = strawberry.field(description="Private to operators and the reviewer.")
    recommendation: Recommendation  # type: ignore[valid-type]
    submitted_at: datetime

    @classmethod
    def from_domain(cls, s: domain.ScoreSheet) -> ScoreSheetType:
        return cls(
            novelty=s.scores[domain.Criterion.NOVELTY],
            feasibility=s.scores[domain.Criterion.FEASIBILITY],
            impact=s.scores[domain.Criterion.IMPACT],
            commercial_potential=s.scores[domain.Criterion.COMMERCIAL_POTENTIAL],
            weighted_score=float(s.weighted),
            comments=s.comments,
            recommendation=s.recommendation,
            submitted_at=s.submitted_at,
        )


@strawberry.type(name="ReviewAssignment")
class ReviewAssignmentType(relay.Node):
    id: relay.NodeID[str]
    status: AssignmentStatus  # type: ignore[valid-type]
    created_at: datetime
    recused_at: datetime | None
    entity: strawberry.Private[domain.ReviewAssignment]

    @classmethod
    def from_domain(cls, a: domain.ReviewAssignment) -> ReviewAssignmentType:
        return from_fields(cls, a, id=str(a.id), entity=a)

    @strawberry.field(description="The initiative under review, as the caller may read it.")
    async def initiative(self, info: Info) -> InitiativeType | None:
        actor = await info.context.actor_or_anonymous()
        loader = info.context.loaders.initiative_by_id(actor)
        found = await loader.load(self.entity.initiative_id)
        return InitiativeType.from_domain(found) if found else None

    @strawberry.field(extensions=confidential(IsStaffOrAssignedReviewer))
    async def reviewer(self, info: Info) -> UserType | None:
        return await user_of(info, self.entity.reviewer_id)

    @strawberry.field(extensions=confidential(IsStaffOrAssignedReviewer))
    def conflict_note(self) -> str | None:
        return self.entity.conflict_note

    @strawberry.field(extensions=confidential(IsStaffOrAssignedReviewer))
    async def score_sheet(self, info: Info) -> ScoreSheetType | None:
        sheet = await info.context.loaders.score_sheet_by_assignment.load(self.entity.id)
        return ScoreSheetType.from_domain(sheet) if sheet else None

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ReviewAssignmentType | None]:
        actor = await info.context.actor_or_anonymous()
        ids = node_uuids(node_ids)
        found = {
            a.id: a
            for a in await info.context.uow.review.get_assignments([i for i in ids if i])
            if actor.is_staff or (actor.user_id is not None and actor.user_id == a.reviewer_id)
        }
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


@strawberry.type(name="ReviewDecision")
class ReviewDecisionType:
    outcome: DecisionOutcome  # type: ignore[valid-type]
    public_reason: str
    decided_at: datetime

    @classmethod
    def from_domain(cls, d: domain.ReviewDecision) -> ReviewDecisionType:
        return cls(outcome=d.outcome, public_reason=d.public_reason, decided_at=d.decided_at)


@strawberry.type(name="InitiativeReview", description="The review of one initiative.")
class InitiativeReviewType:
    initiative_id: strawberry.Private[UUID]

    @strawberry.field(description="Decisions with their public reasons, oldest first.")
    async def decisions(self, info: Info) -> list[ReviewDecisionType]:
        found = await info.context.loaders.decisions_by_initiative.load(self.initiative_id)
        return [ReviewDecisionType.from_domain(d) for d in found]

    @strawberry.field(
        extensions=confidential(IsStaff),
        description="Operators only: the council, every round.",
    )
    async def assignments(self, info: Info) -> list[ReviewAssignmentType]:
        found = await info.context.loaders.assignments_by_initiative.load(self.initiative_id)
        return [ReviewAssignmentType.from_domain(a) for a in found]
