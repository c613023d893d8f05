"""Repositories for review assignments, score sheets and decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import exists, func, select, update
from sqlalchemy.sql.elements import ColumnElement

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import review_assignments, review_decisions, review_scores
from domain.review import (
    AssignmentStatus,
    Criterion,
    DecisionOutcome,
    Recommendation,
    ReviewAssignment,
    ReviewDecision,
    ScoreSheet,
)


def assignment_from_row(row: Any) -> ReviewAssignment:
    return from_row(
        ReviewAssignment, row, status=AssignmentStatus(row.status), review_round=row.round
    )


def score_from_row(row: Any) -> ScoreSheet:
    return from_row(
        ScoreSheet,
        row,
        scores={c: getattr(row, c.value) for c in Criterion},
        recommendation=Recommendation(row.recommendation),
    )


def decision_from_row(row: Any) -> ReviewDecision:
    return from_row(ReviewDecision, row, outcome=DecisionOutcome(row.outcome))


def reviewer_grant(user_id: UUID, listing_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """True when the user reviews this initiative (assigned, not recused): its confidential
    fields are open to them. One arm of the listings' `granted_clause`."""
    return exists().where(
        review_assignments.c.initiative_id == listing_id,
        review_assignments.c.reviewer_id == user_id,
        review_assignments.c.status != AssignmentStatus.RECUSED.value,
    )


class SqlReviewRepository(SqlRepository):
    async def add_assignment(
        self, *, initiative_id: UUID, review_round: int, reviewer_id: UUID, assigned_by: UUID
    ) -> ReviewAssignment:
        return await self._one(
            review_assignments.insert()
            .values(
                initiative_id=initiative_id,
                round=review_round,
                reviewer_id=reviewer_id,
                assigned_by=assigned_by,
            )
            .returning(*review_assignments.c),
            assignment_from_row,
        )

    async def get_assignment(self, assignment_id: UUID) -> ReviewAssignment | None:
        return await self._first(
            select(review_assignments)
            .where(review_assignments.c.id == assignment_id)
            .with_for_update(),
            assignment_from_row,
        )

    async def get_assignments(self, assignment_ids: Sequence[UUID]) -> list[ReviewAssignment]:
        return await self._all(
            select(review_assignments).where(review_assignments.c.id.in_(assignment_ids)),
            assignment_from_row,
        )

    async def assignments_for(
        self, initiative_id: UUID, review_round: int
    ) -> list[ReviewAssignment]:
        return await self._all(
            select(review_assignments)
            .where(
                review_assignments.c.initiative_id == initiative_id,
                review_assignments.c.round == review_round,
            )
            .order_by(review_assignments.c.created_at, review_assignments.c.id)
            .with_for_update(),
            assignment_from_row,
        )

    async def assignments_of_initiatives(
        self, initiative_ids: Sequence[UUID]
    ) -> list[ReviewAssignment]:
        """Every round, oldest first, for the API's per-initiative lists."""
        return await self._all(
            select(review_assignments)
            .where(review_assignments.c.initiative_id.in_(initiative_ids))
            .order_by(review_assignments.c.created_at, review_assignments.c.id),
            assignment_from_row,
        )

    async def reviewer_page(
        self, reviewer_id: UUID, *, after: list[Any] | None, first: int
    ) -> list[ReviewAssignment]:
        """The reviewer's assignments, newest first, keyset on (created_at, id)."""
        stmt = select(review_assignments).where(review_assignments.c.reviewer_id == reviewer_id)
        order = [review_assignments.c.created_at, review_assignments.c.id]
        return await self._all(
            keyset_page(stmt, order, after, first, descending=True), assignment_from_row
        )

    async def recuse(self, assignment_id: UUID, *, note: str | None) -> ReviewAssignment:
        return await self._one(
            update(review_assignments)
            .where(review_assignments.c.id == assignment_id)
            .values(
                status=AssignmentStatus.RECUSED.value,
                conflict_note=note,
                recused_at=func.clock_timestamp(),
            )
            .returning(*review_assignments.c),
            assignment_from_row,
        )

    async def add_score(
        self,
        *,
        assignment_id: UUID,
        scores: dict[Criterion, int],
        comments: str,
        recommendation: Recommendation,
    ) -> ScoreSheet:
        row = (
            await self._session.execute(
                review_scores.insert()
                .values(
                    assignment_id=assignment_id,
                    comments=comments,
                    recommendation=recommendation.value,
                    submitted_at=func.clock_timestamp(),
                    **{c.value: scores[c] for c in Criterion},
                )
                .returning(*review_scores.c)
            )
        ).one()
        await self._session.execute(
            update(review_assignments)
            .where(review_assignments.c.id == assignment_id)
            .values(status=AssignmentStatus.SCORED.value)
        )
        return score_from_row(row)

    async def scores_of(self, assignment_ids: Sequence[UUID]) -> list[ScoreSheet]:
        return await self._all(
            select(review_scores).where(review_scores.c.assignment_id.in_(assignment_ids)),
            score_from_row,
        )

    async def add_decision(
        self,
        *,
        initiative_id: UUID,
        review_round: int,
        outcome: DecisionOutcome,
        public_reason: str,
        decided_by: UUID,
    ) -> ReviewDecision:
        return await self._one(
            review_decisions.insert()
            .values(
                initiative_id=initiative_id,
                round=review_round,
                outcome=outcome.value,
                public_reason=public_reason,
                decided_by=decided_by,
                decided_at=func.clock_timestamp(),
            )
            .returning(*review_decisions.c),
            decision_from_row,
        )

    async def decisions_of(self, initiative_ids: Sequence[UUID]) -> list[ReviewDecision]:
        return await self._all(
            select(review_decisions)
            .where(review_decisions.c.initiative_id.in_(initiative_ids))
            .order_by(review_decisions.c.decided_at, review_decisions.c.id),
            decision_from_row,
        )

    async def is_active_reviewer(self, user_id: UUID, initiative_id: UUID) -> bool:
        found = await self._session.scalar(
            select(review_assignments.c.id)
            .where(
                review_assignments.c.initiative_id == initiative_id,
                review_assignments.c.reviewer_id == user_id,
                review_assignments.c.status != AssignmentStatus.RECUSED.value,
            )
            .limit(1)
        )
        return found is not None
