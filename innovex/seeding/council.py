"""A review council for a demo initiative: assignments, a recusal, scores and a decision."""

from __future__ import annotations

import random
from datetime import datetime
from uuid import UUID

from db.uow import SqlUnitOfWork
from domain.listings import InitiativeStatus
from domain.review import Criterion, DecisionOutcome, Recommendation
from domain.services import review as review_uc
from innovex.demo.model import DemoInitiative
from innovex.seeding.state import REASONS, Loaded, operator_key

_I = InitiativeStatus
DECISIONS = {
    _I.ACCEPTED: DecisionOutcome.ACCEPT,
    _I.REJECTED: DecisionOutcome.REJECT,
    _I.REVISION_REQUESTED: DecisionOutcome.REQUEST_REVISION,
}
_RECOMMENDATION = {
    DecisionOutcome.ACCEPT: Recommendation.ACCEPT,
    DecisionOutcome.REJECT: Recommendation.REJECT,
    DecisionOutcome.REQUEST_REVISION: Recommendation.REVISE,
}
_COMMENTS = (
    "Giải pháp có tính mới rõ ràng; cần bổ sung số liệu thử nghiệm ở quy mô lớn hơn.",
    "Khả năng áp dụng cao tại địa phương; chi phí đầu tư ban đầu còn lớn.",
    "The method is sound; the commercial route needs a named pilot customer.",
    "Tài liệu mô tả đầy đủ; đề nghị làm rõ quyền sở hữu trí tuệ của đồng tác giả.",
)


async def council(
    uow: SqlUnitOfWork,
    loaded: Loaded,
    item: DemoInitiative,
    initiative_id: UUID,
    rng: random.Random,
    *,
    decide: DecisionOutcome | None,
    at: datetime,
) -> None:
    """Two (sometimes three, one recusing) reviewers from other organisations; with `decide`,
    everyone scores and the operator decides; without, the review is left in progress."""
    operator = loaded.actor(operator_key(loaded))
    candidates = [k for k, o in loaded.reviewer_orgs.items() if o != item.organization_key]
    chosen = rng.sample(candidates, 3 if rng.random() < 0.2 else 2)
    assignments = []
    for reviewer_key in chosen:
        assignment = await review_uc.assign_reviewer(
            uow,
            operator,
            review_uc.AssignReviewer(
                initiative_id=initiative_id, reviewer_id=loaded.users[reviewer_key]
            ),
        )
        assignments.append((reviewer_key, assignment.id))
    if len(assignments) == 3:  # the third declares a conflict of interest
        reviewer_key, assignment_id = assignments.pop()
        await review_uc.declare_conflict(
            uow,
            loaded.actor(reviewer_key),
            review_uc.DeclareConflict(
                assignment_id=assignment_id, note="Từng hợp tác với nhóm tác giả."
            ),
        )
    scoring = assignments if decide is not None else assignments[:1]
    for reviewer_key, assignment_id in scoring:
        recommendation = _RECOMMENDATION[decide] if decide else rng.choice(list(Recommendation))
        await review_uc.score_initiative(
            uow,
            loaded.actor(reviewer_key),
            review_uc.ScoreInitiative(
                assignment_id=assignment_id,
                scores={
                    c: rng.randint(3, 5)
                    if decide is not DecisionOutcome.REJECT
                    else rng.randint(1, 3)
                    for c in Criterion
                },
                comments=rng.choice(_COMMENTS),
                recommendation=recommendation,
            ),
        )
    if decide is not None:
        reasons = REASONS[item.language]
        reason = {
            DecisionOutcome.ACCEPT: reasons["accepted"],
            DecisionOutcome.REJECT: reasons["rejected"],
            DecisionOutcome.REQUEST_REVISION: reasons["revision"],
        }[decide]
        await review_uc.decide_initiative(
            uow,
            operator,
            review_uc.DecideInitiative(
                initiative_id=initiative_id, outcome=decide, public_reason=reason
            ),
            now=at,
        )
