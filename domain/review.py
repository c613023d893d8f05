"""Review of submitted initiatives by a council of reviewers.

Operators assign reviewers (users with the platform role `reviewer`) to an initiative that is
being screened or reviewed. Each assignment either ends in a declared conflict of interest (the
assignment is *recused* and must be replaced) or in a score sheet: a 1-5 score per criterion,
private comments and a recommendation. The operator then decides, with a public reason.

Weights (they sum to 100, so the weighted score stays on the 1-5 scale):

| criterion            | weight | why |
|----------------------|-------:|-----|
| novelty              |     30 | an initiative (sáng kiến) is first of all something new |
| feasibility          |     25 | it has to work where it is applied |
| impact               |     25 | social and economic benefit of applying it |
| commercial potential |     20 | transfer matters, but not every initiative is sold |

Who sees what: reviewer identities, score sheets and private comments are visible to operators
and to the reviewer who wrote them, never to the submitter; the decision and its public reason
are visible to the submitter.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from domain.errors import ValidationCode, Validator

MIN_REVIEWERS = 2
SCORE_MIN = 1
SCORE_MAX = 5
COMMENTS_MAX = 10_000
REASON_MIN = 10
REASON_MAX = 4_000
CONFLICT_NOTE_MAX = 2_000


class Criterion(enum.StrEnum):
    NOVELTY = "novelty"
    FEASIBILITY = "feasibility"
    IMPACT = "impact"
    COMMERCIAL_POTENTIAL = "commercial_potential"


# Percent weights; see the module docstring for the reasoning.
CRITERION_WEIGHTS: Mapping[Criterion, int] = {
    Criterion.NOVELTY: 30,
    Criterion.FEASIBILITY: 25,
    Criterion.IMPACT: 25,
    Criterion.COMMERCIAL_POTENTIAL: 20,
}
assert sum(CRITERION_WEIGHTS.values()) == 100


class Recommendation(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    REVISE = "revise"


class AssignmentStatus(enum.StrEnum):
    ASSIGNED = "assigned"  # waiting for the reviewer
    SCORED = "scored"
    RECUSED = "recused"  # conflict of interest declared; replace the reviewer


class DecisionOutcome(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    REQUEST_REVISION = "request_revision"


@dataclass(frozen=True, slots=True)
class ReviewAssignment:
    id: UUID
    initiative_id: UUID
    reviewer_id: UUID
    assigned_by: UUID
    status: AssignmentStatus
    created_at: datetime
    recused_at: datetime | None = None
    conflict_note: str | None = None  # the reviewer's explanation; operators only
    review_round: int = 0  # the initiative's revision when assigned

    @property
    def active(self) -> bool:
        """Counts toward the council: not recused."""
        return self.status is not AssignmentStatus.RECUSED


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    assignment_id: UUID
    scores: Mapping[Criterion, int]
    comments: str  # private: operators and the reviewer only
    recommendation: Recommendation
    submitted_at: datetime

    @property
    def weighted(self) -> Decimal:
        return weighted_score(self.scores)


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    id: UUID
    initiative_id: UUID
    outcome: DecisionOutcome
    public_reason: str
    decided_by: UUID
    decided_at: datetime


def weighted_score(scores: Mapping[Criterion, int]) -> Decimal:
    """Weighted mean on the 1-5 scale, rounded half-up to two decimals."""
    total = sum(CRITERION_WEIGHTS[c] * scores[c] for c in Criterion)
    return (Decimal(total) / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def validate_scores(v: Validator, scores: Mapping[Criterion, int | None]) -> dict[Criterion, int]:
    """Every criterion scored, each from 1 to 5; issues are added to `v`."""
    clean: dict[Criterion, int] = {}
    for criterion in Criterion:
        value = scores.get(criterion)
        path = f"scores.{criterion.value}"
        if value is None:
            v.add(path, ValidationCode.REQUIRED, "is required")
            continue
        v.in_range(path, value, SCORE_MIN, SCORE_MAX)
        clean[criterion] = value
    return clean


def active_assignments(assignments: Iterable[ReviewAssignment]) -> list[ReviewAssignment]:
    return [a for a in assignments if a.active]


class DecisionBlocker(enum.StrEnum):
    NOT_ENOUGH_REVIEWERS = "not_enough_reviewers"
    REVIEWS_PENDING = "reviews_pending"


def decision_blocker(assignments: Iterable[ReviewAssignment]) -> DecisionBlocker | None:
    """Why the operator may not decide yet, or None.

    A decision needs at least MIN_REVIEWERS non-recused assignments, and every one of them
    scored: a council member who has neither scored nor declared a conflict is still deciding.
    """
    active = active_assignments(assignments)
    if len(active) < MIN_REVIEWERS:
        return DecisionBlocker.NOT_ENOUGH_REVIEWERS
    if any(a.status is not AssignmentStatus.SCORED for a in active):
        return DecisionBlocker.REVIEWS_PENDING
    return None


def recommendation_tally(sheets: Iterable[ScoreSheet]) -> dict[Recommendation, int]:
    tally = dict.fromkeys(Recommendation, 0)
    for sheet in sheets:
        tally[sheet.recommendation] += 1
    return tally
