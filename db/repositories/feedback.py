"""User ratings and evaluation rounds (domain/feedback.py), and their aggregates for the
statistics. The aggregates read scores and counts only, never a comment or the findings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Float, Select, cast, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import evaluation_rounds, initiatives, needs, process_ratings, technology_offers
from domain.feedback import (
    SCORE_MAX,
    SCORE_MIN,
    EvaluationRound,
    NewEvaluationRound,
    ProcessRating,
    ProcessRatings,
    RatedProcess,
    RatedSubject,
)
from domain.fields import field_values


def _rating(row: Any) -> ProcessRating:
    return from_row(
        ProcessRating,
        row,
        process=RatedProcess(row.process),
    )


def _round(row: Any) -> EvaluationRound:
    return from_row(EvaluationRound, row)


def _subject_of(user_id: UUID, subject: RatedSubject) -> Any:
    return (
        (process_ratings.c.user_id == user_id)
        & (process_ratings.c.process == subject.process.value)
        & (process_ratings.c.subject_id == subject.subject_id)
    )


# Where each kind of listing keeps its province and field.
_LISTINGS = {"initiative": initiatives, "offer": technology_offers, "need": needs}


def _in_scope(
    stmt: Select[Any],
    starts_at: datetime,
    ends_at: datetime,
    provinces: frozenset[str] | None,
    field_codes: frozenset[str] | None,
) -> Select[Any]:
    """Ratings given or replaced in [starts_at, ends_at), on listings of these provinces and
    fields (None: any)."""
    f = process_ratings.c
    stmt = stmt.where(f.rated_at >= starts_at, f.rated_at < ends_at)
    if provinces is not None:
        stmt = stmt.where(f.province_code.in_(sorted(provinces)))
    if field_codes is not None:
        stmt = stmt.where(f.field_code.in_(sorted(field_codes)))
    return stmt


class SqlRatingRepository(SqlRepository):
    async def get(self, user_id: UUID, subject: RatedSubject) -> ProcessRating | None:
        return await self._first(
            select(process_ratings).where(_subject_of(user_id, subject)).with_for_update(),
            _rating,
        )

    async def put(
        self, user_id: UUID, subject: RatedSubject, *, score: int, comment: str | None
    ) -> ProcessRating:
        listing = _LISTINGS[subject.listing_kind.value]
        at_listing = listing.c.id == subject.listing_id
        values = {
            "score": score,
            "comment": comment,
            "rated_at": func.clock_timestamp(),
            "province_code": select(listing.c.province_code).where(at_listing).scalar_subquery(),
            "field_code": select(listing.c.field_code).where(at_listing).scalar_subquery(),
        }
        stmt = insert(process_ratings).values(
            user_id=user_id,
            process=subject.process.value,
            subject_id=subject.subject_id,
            listing_kind=subject.listing_kind.value,
            listing_id=subject.listing_id,
            **values,
        )
        return await self._one(
            stmt.on_conflict_do_update(
                constraint="uq_process_ratings_rater_subject", set_=values
            ).returning(*process_ratings.c),
            _rating,
        )

    async def page(
        self,
        *,
        starts_at: datetime,
        ends_at: datetime,
        provinces: frozenset[str] | None,
        field_codes: frozenset[str] | None,
        process: RatedProcess | None,
        after: list[Any] | None,
        first: int,
    ) -> list[ProcessRating]:
        f = process_ratings.c
        stmt = _in_scope(
            select(process_ratings),
            starts_at,
            ends_at,
            provinces,
            field_codes,
        )
        if process is not None:
            stmt = stmt.where(f.process == process.value)
        return await self._all(
            keyset_page(stmt, [f.rated_at, f.id], after, first, descending=True), _rating
        )


class SqlEvaluationRoundRepository(SqlRepository):
    async def add(self, new: NewEvaluationRound, *, recorded_by: UUID) -> EvaluationRound:
        return await self._one(
            evaluation_rounds.insert()
            .values(**field_values(new), recorded_by=recorded_by)
            .returning(*evaluation_rounds.c),
            _round,
        )

    async def get(self, round_id: UUID, *, for_update: bool = False) -> EvaluationRound | None:
        stmt = select(evaluation_rounds).where(evaluation_rounds.c.id == round_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self._first(stmt, _round)

    async def get_many(
        self, round_ids: list[UUID], *, published_only: bool
    ) -> list[EvaluationRound]:
        stmt = select(evaluation_rounds).where(evaluation_rounds.c.id.in_(round_ids))
        if published_only:
            stmt = stmt.where(evaluation_rounds.c.published_at.is_not(None))
        return await self._all(stmt, _round)

    async def publish(self, round_id: UUID, *, by: UUID) -> EvaluationRound:
        return await self._one(
            evaluation_rounds.update()
            .where(evaluation_rounds.c.id == round_id)
            .values(published_at=func.clock_timestamp(), published_by=by)
            .returning(*evaluation_rounds.c),
            _round,
        )

    async def page(self, *, after: list[Any] | None, first: int) -> list[EvaluationRound]:
        e = evaluation_rounds.c
        return await self._all(
            keyset_page(
                select(evaluation_rounds), [e.created_at, e.id], after, first, descending=True
            ),
            _round,
        )


class SqlFeedbackStatistics(SqlRepository):
    async def ratings(
        self,
        *,
        starts_at: datetime,
        ends_at: datetime,
        provinces: frozenset[str] | None,
        field_codes: frozenset[str] | None,
    ) -> list[ProcessRatings]:
        # Every process and score in one statement: (process, score) for the distribution,
        # (process) for the count, the average and how many carry a comment.
        f = process_ratings.c
        stmt = select(
            f.process,
            f.score,
            func.grouping(f.score).label("all_scores"),
            func.count().label("n"),
            cast(func.avg(f.score), Float).label("average"),
            func.count().filter(f.commented).label("commented"),
        ).group_by(func.grouping_sets(tuple_(f.process, f.score), tuple_(f.process)))
        rows = await self._session.execute(
            _in_scope(stmt, starts_at, ends_at, provinces, field_codes)
        )
        scores = range(SCORE_MIN, SCORE_MAX + 1)
        found: dict[str, dict[str, Any]] = {
            p.value: {"n": 0, "average": None, "commented": 0, "by": dict.fromkeys(scores, 0)}
            for p in RatedProcess
        }
        for r in rows:
            if r.process not in found:
                continue
            if r.all_scores:
                found[r.process].update(n=r.n, average=round(r.average, 2), commented=r.commented)
            else:
                found[r.process]["by"][r.score] = r.n
        return [
            ProcessRatings(
                p, found[p]["n"], found[p]["average"], found[p]["by"], found[p]["commented"]
            )
            for p in RatedProcess
        ]

    async def published_rounds(self, *, start: date, end: date) -> list[EvaluationRound]:
        e = evaluation_rounds.c
        rows = await self._session.execute(
            select(evaluation_rounds)
            .where(e.published_at.is_not(None), e.period_start < end, e.period_end >= start)
            .order_by(e.period_start.desc(), e.id.desc())
        )
        return [_round(r) for r in rows]
