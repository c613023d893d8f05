"""Review rules: weights, score validation and when an operator may decide."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import InvalidInput, ValidationCode, Validator
from domain.review import (
    CRITERION_WEIGHTS,
    MIN_REVIEWERS,
    AssignmentStatus,
    Criterion,
    DecisionBlocker,
    Recommendation,
    ReviewAssignment,
    ScoreSheet,
    decision_blocker,
    recommendation_tally,
    validate_scores,
    weighted_score,
)

NOW = datetime(2026, 11, 23, tzinfo=UTC)
INITIATIVE = uuid4()


def assignment(status: AssignmentStatus) -> ReviewAssignment:
    return ReviewAssignment(
        id=uuid4(),
        initiative_id=INITIATIVE,
        reviewer_id=uuid4(),
        assigned_by=uuid4(),
        status=status,
        created_at=NOW,
    )


def test_weights_cover_every_criterion_and_sum_to_one_hundred() -> None:
    assert set(CRITERION_WEIGHTS) == set(Criterion)
    assert sum(CRITERION_WEIGHTS.values()) == 100
    assert CRITERION_WEIGHTS[Criterion.NOVELTY] == max(CRITERION_WEIGHTS.values())


def test_weighted_score_stays_on_the_one_to_five_scale() -> None:
    assert weighted_score(dict.fromkeys(Criterion, 1)) == Decimal("1.00")
    assert weighted_score(dict.fromkeys(Criterion, 5)) == Decimal("5.00")
    mixed = {
        Criterion.NOVELTY: 5,  # 150
        Criterion.FEASIBILITY: 3,  # 75
        Criterion.IMPACT: 4,  # 100
        Criterion.COMMERCIAL_POTENTIAL: 2,  # 40
    }
    assert weighted_score(mixed) == Decimal("3.65")


def test_score_sheet_reports_its_weighted_score() -> None:
    sheet = ScoreSheet(
        assignment_id=uuid4(),
        scores=dict.fromkeys(Criterion, 4),
        comments="private",
        recommendation=Recommendation.ACCEPT,
        submitted_at=NOW,
    )
    assert sheet.weighted == Decimal("4.00")


def test_missing_and_out_of_range_scores_are_reported_together() -> None:
    v = Validator()
    validate_scores(
        v,
        {Criterion.NOVELTY: 0, Criterion.FEASIBILITY: 6, Criterion.IMPACT: 3},
    )
    with pytest.raises(InvalidInput) as raised:
        v.check()
    assert sorted((".".join(i.path), i.code) for i in raised.value.issues) == [
        ("scores.commercial_potential", ValidationCode.REQUIRED),
        ("scores.feasibility", ValidationCode.OUT_OF_RANGE),
        ("scores.novelty", ValidationCode.OUT_OF_RANGE),
    ]


def test_a_decision_needs_two_non_recused_reviewers() -> None:
    assert MIN_REVIEWERS == 2
    assert decision_blocker([]) is DecisionBlocker.NOT_ENOUGH_REVIEWERS
    one_left = [assignment(AssignmentStatus.SCORED), assignment(AssignmentStatus.RECUSED)]
    assert decision_blocker(one_left) is DecisionBlocker.NOT_ENOUGH_REVIEWERS


def test_a_decision_waits_for_every_active_reviewer() -> None:
    pending = [assignment(AssignmentStatus.SCORED), assignment(AssignmentStatus.ASSIGNED)]
    assert decision_blocker(pending) is DecisionBlocker.REVIEWS_PENDING


def test_a_replaced_reviewer_unblocks_the_decision() -> None:
    council = [
        assignment(AssignmentStatus.SCORED),
        assignment(AssignmentStatus.RECUSED),
        assignment(AssignmentStatus.SCORED),
    ]
    assert decision_blocker(council) is None


def test_recommendations_are_tallied_per_kind() -> None:
    sheets = [
        ScoreSheet(uuid4(), dict.fromkeys(Criterion, 3), "", rec, NOW)
        for rec in (Recommendation.ACCEPT, Recommendation.ACCEPT, Recommendation.REVISE)
    ]
    assert recommendation_tally(sheets) == {
        Recommendation.ACCEPT: 2,
        Recommendation.REJECT: 0,
        Recommendation.REVISE: 1,
    }
