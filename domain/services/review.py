"""Use cases of the review of initiatives: assign, declare a conflict, score, decide.

Each writes its change, exactly one audit entry and the notifications it causes, then commits
once. The decision moves the initiative through the listings' own use case
(`transition_initiative`), whose audit entry (`initiative.accepted`, `.rejected` or
`.revision_requested`, with the public reason) is the one entry of the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import Actor, PlatformRole
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.exchange_ports import ExchangeUnitOfWork
from domain.governance_ports import ReviewerPool
from domain.listings import Initiative, InitiativeStatus
from domain.notifications import (
    NewNotification,
    NotificationKind,
    initiative_decided_text,
    review_assigned_text,
    reviewer_recused_text,
)
from domain.review import (
    COMMENTS_MAX,
    CONFLICT_NOTE_MAX,
    REASON_MAX,
    REASON_MIN,
    AssignmentStatus,
    Criterion,
    DecisionBlocker,
    DecisionOutcome,
    Recommendation,
    ReviewAssignment,
    ReviewDecision,
    ScoreSheet,
    decision_blocker,
    validate_scores,
)
from domain.reviewer_pool import (
    ConflictReason,
    PoolMember,
    conflict_message,
    conflicts_of,
)
from domain.services.accounts import require_user
from domain.services.listings import ListingsUnitOfWork, transition_initiative

# An initiative takes reviewers while it is being screened or reviewed.
REVIEWABLE: frozenset[InitiativeStatus] = frozenset(
    {InitiativeStatus.SCREENING, InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RESUBMITTED}
)

OUTCOME_STATUS: dict[DecisionOutcome, InitiativeStatus] = {
    DecisionOutcome.ACCEPT: InitiativeStatus.ACCEPTED,
    DecisionOutcome.REJECT: InitiativeStatus.REJECTED,
    DecisionOutcome.REQUEST_REVISION: InitiativeStatus.REVISION_REQUESTED,
}


class ReviewUnitOfWork(ExchangeUnitOfWork, ListingsUnitOfWork, Protocol):
    """The review use cases need the listings' repositories too (to move the initiative) and
    the reviewer pool (to check conflicts of interest)."""

    @property
    def reviewer_pool(self) -> ReviewerPool: ...


def _require_operator_of(actor: Actor, initiative: Initiative, what: str) -> UUID:
    """Central operators everywhere, provincial ones for their provinces' initiatives."""
    user_id = require_user(actor)
    if not actor.is_operator_somewhere:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, f"Only operators may {what}.")
    if not actor.operates_in(initiative.content.province_code):
        raise NotAllowed(
            NotAllowedCode.OUTSIDE_PROVINCE,
            f"Only operators of the initiative's province may {what}.",
        )
    return user_id


async def conflicts_for(
    uow: ReviewUnitOfWork, initiative: Initiative, members: list[PoolMember]
) -> dict[UUID, tuple[ConflictReason, ...]]:
    """Every pool member's conflicts with this initiative: the one rule that assignment and
    suggestion share. Co-authors count when linked to the reviewer's account: names alone
    would exclude every namesake ("Nguyễn Văn An" is a common name)."""
    ids = [m.profile.user_id for m in members]
    facts = await uow.reviewer_pool.conflict_facts(
        ids, initiative_id=initiative.id, submitter_id=initiative.organization_id
    )
    return {
        m.profile.user_id: conflicts_of(
            m.profile, initiative.organization_id, facts[m.profile.user_id]
        )
        for m in members
    }


async def _initiative(uow: ReviewUnitOfWork, initiative_id: UUID) -> Initiative:
    found = await uow.initiatives.get(initiative_id, for_update=True)
    if found is None:
        raise NotFound("Initiative", initiative_id)
    return found


@dataclass(frozen=True, slots=True)
class AssignReviewer:
    initiative_id: UUID
    reviewer_id: UUID


async def assign_reviewer(
    uow: ReviewUnitOfWork, actor: Actor, cmd: AssignReviewer
) -> ReviewAssignment:
    require_user(actor)
    if not actor.is_operator_somewhere:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "Only operators may assign reviewers.")
    initiative = await _initiative(uow, cmd.initiative_id)
    operator_id = _require_operator_of(actor, initiative, "assign reviewers")
    if initiative.status not in REVIEWABLE:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            f"Reviewers are assigned while an initiative is screened or under review, not "
            f"{initiative.status.value}.",
        )
    reviewer = await uow.users.get(cmd.reviewer_id)
    if reviewer is None:
        raise NotFound("User", cmd.reviewer_id)
    if PlatformRole.REVIEWER not in reviewer.roles:
        v = Validator()
        v.add("reviewerId", ValidationCode.INVALID_CHOICE, "is not a reviewer")
        v.check()
    members = await uow.reviewer_pool.members([reviewer.id])
    reasons = (await conflicts_for(uow, initiative, members)).get(reviewer.id, ())
    if reasons:
        raise NotAllowed(NotAllowedCode.CONFLICT_OF_INTEREST, conflict_message(reasons))
    current = await uow.review.assignments_for(initiative.id, initiative.revision)
    if any(a.reviewer_id == reviewer.id for a in current):
        raise Conflict(
            ConflictCode.ALREADY_EXISTS, "This reviewer was already assigned in this round."
        )
    assignment = await uow.review.add_assignment(
        initiative_id=initiative.id,
        review_round=initiative.revision,
        reviewer_id=reviewer.id,
        assigned_by=operator_id,
    )
    await uow.audit.record(
        actor_id=operator_id,
        action="review.assigned",
        entity_kind="initiative",
        entity_id=initiative.id,
        data={
            "assignment_id": str(assignment.id),
            "reviewer_id": str(reviewer.id),
            "round": initiative.revision,
        },
    )
    await uow.notifications.add(
        [
            NewNotification(
                user_id=reviewer.id,
                kind=NotificationKind.REVIEW_ASSIGNED,
                subject_kind="review_assignment",
                subject_id=assignment.id,
                text=review_assigned_text(initiative.content.title),
            )
        ]
    )
    await uow.commit()
    return assignment


async def _own_open_assignment(
    uow: ReviewUnitOfWork, actor: Actor, assignment_id: UUID
) -> ReviewAssignment:
    user_id = require_user(actor)
    assignment = await uow.review.get_assignment(assignment_id)
    # Another reviewer's assignment is none of the caller's business, not even its existence.
    if assignment is None or assignment.reviewer_id != user_id:
        raise NotFound("ReviewAssignment", assignment_id)
    if assignment.status is not AssignmentStatus.ASSIGNED:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            f"This assignment is already {assignment.status.value}.",
        )
    return assignment


@dataclass(frozen=True, slots=True)
class DeclareConflict:
    assignment_id: UUID
    note: str | None = None


async def declare_conflict(
    uow: ReviewUnitOfWork, actor: Actor, cmd: DeclareConflict
) -> ReviewAssignment:
    """The reviewer steps aside; the operator must assign a replacement before deciding."""
    assignment = await _own_open_assignment(uow, actor, cmd.assignment_id)
    v = Validator()
    note = v.text("note", cmd.note, min_len=0, max_len=CONFLICT_NOTE_MAX) or None
    v.check()
    initiative = await _initiative(uow, assignment.initiative_id)
    recused = await uow.review.recuse(assignment.id, note=note)
    # The note may name people or interests: it stays in the assignment, not in the audit log.
    await uow.audit.record(
        actor_id=actor.user_id,
        action="review.recused",
        entity_kind="initiative",
        entity_id=assignment.initiative_id,
        data={"assignment_id": str(assignment.id)},
    )
    # The operator who assigned the reviewer has to find a replacement.
    await uow.notifications.add(
        [
            NewNotification(
                user_id=assignment.assigned_by,
                kind=NotificationKind.REVIEWER_RECUSED,
                subject_kind="initiative",
                subject_id=assignment.initiative_id,
                text=reviewer_recused_text(initiative.content.title),
            )
        ]
    )
    await uow.commit()
    return recused


@dataclass(frozen=True, slots=True)
class ScoreInitiative:
    assignment_id: UUID
    scores: dict[Criterion, int | None]
    comments: str
    recommendation: Recommendation


async def score_initiative(uow: ReviewUnitOfWork, actor: Actor, cmd: ScoreInitiative) -> ScoreSheet:
    assignment = await _own_open_assignment(uow, actor, cmd.assignment_id)
    v = Validator()
    scores = validate_scores(v, cmd.scores)
    comments = v.text("comments", cmd.comments, min_len=1, max_len=COMMENTS_MAX)
    v.check()
    initiative = await _initiative(uow, assignment.initiative_id)
    if initiative.status not in REVIEWABLE or assignment.review_round != initiative.revision:
        # A score sheet belongs to the round it was asked for; a resubmission starts anew.
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            "The initiative is no longer under review in this round.",
        )
    sheet = await uow.review.add_score(
        assignment_id=assignment.id,
        scores=scores,
        comments=comments,
        recommendation=cmd.recommendation,
    )
    await uow.audit.record(
        actor_id=actor.user_id,
        action="review.scored",
        entity_kind="initiative",
        entity_id=assignment.initiative_id,
        data={
            "assignment_id": str(assignment.id),
            "weighted": str(sheet.weighted),
            "recommendation": cmd.recommendation.value,
        },
    )
    await uow.commit()
    return sheet


@dataclass(frozen=True, slots=True)
class DecideInitiative:
    initiative_id: UUID
    outcome: DecisionOutcome
    public_reason: str


_BLOCKER_MESSAGES = {
    DecisionBlocker.NOT_ENOUGH_REVIEWERS: (
        ConflictCode.NOT_ENOUGH_REVIEWERS,
        "At least two reviewers without a conflict of interest must be assigned.",
    ),
    DecisionBlocker.REVIEWS_PENDING: (
        ConflictCode.REVIEWS_PENDING,
        "Every assigned reviewer must score (or declare a conflict) first.",
    ),
}


async def decide_initiative(
    uow: ReviewUnitOfWork, actor: Actor, cmd: DecideInitiative, *, now: datetime
) -> ReviewDecision:
    require_user(actor)
    if not actor.is_operator_somewhere:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "Only operators may decide on initiatives.")
    v = Validator()
    reason = v.text("publicReason", cmd.public_reason, min_len=REASON_MIN, max_len=REASON_MAX)
    v.check()
    initiative = await _initiative(uow, cmd.initiative_id)
    operator_id = _require_operator_of(actor, initiative, "decide on initiatives")
    assignments = await uow.review.assignments_for(initiative.id, initiative.revision)
    blocker = decision_blocker(assignments)
    if blocker is not None:
        code, message = _BLOCKER_MESSAGES[blocker]
        raise Conflict(code, message)
    decision = await uow.review.add_decision(
        initiative_id=initiative.id,
        review_round=initiative.revision,
        outcome=cmd.outcome,
        public_reason=reason,
        decided_by=operator_id,
    )
    await uow.notifications.add_for_members(
        initiative.organization_id,
        NewNotification(
            user_id=operator_id,
            kind=NotificationKind.INITIATIVE_DECIDED,
            subject_kind="initiative",
            subject_id=initiative.id,
            text=initiative_decided_text(initiative.content.title, cmd.outcome.value),
        ),
        except_user=None,
    )
    # Checks the lifecycle (e.g. nothing is accepted straight from screening), moves the
    # initiative, writes its public timeline, the audit entry and the outbox event, and
    # commits everything above with it.
    await transition_initiative(
        uow,
        actor,
        initiative_id=initiative.id,
        target=OUTCOME_STATUS[cmd.outcome],
        reason=reason,
        now=now,
        council_decision=True,
    )
    return decision
