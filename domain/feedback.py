"""Independent evaluation and user feedback (notice 47-TB/TGV §6).

Users rate (1-5) a process they went through, with an optional comment: their initiative's
submission once it has a decision, its council review once the council decided, and a
connection they are a party to once the owner has answered it (or it was withdrawn). One rating
per user and subject; rating again replaces it. Comments are read by operators and observers
only, within their provinces; every published figure is an aggregate without them.

Evaluation rounds are recorded by central operators for an external evaluator's work on a
period of 3 to 6 months. The public reads a round once it is published, and then only its
evaluator, period and summary: the findings stay internal, because they may name organisations
and quote private comments; the summary is the text written for publication."""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.errors import ValidationCode, Validator
from domain.listings.kinds import InitiativeStatus, ListingKind

SCORE_MIN, SCORE_MAX = 1, 5
COMMENT_MAX = 4_000
EVALUATOR_MAX = 200
FINDINGS_MAX = 20_000
SUMMARY_MAX = 5_000
ROUND_MONTHS_MIN, ROUND_MONTHS_MAX = 3, 6
# A public average of fewer ratings would tell who gave which score in a small province.
PUBLIC_MIN_RATINGS = 3


class RatedProcess(enum.StrEnum):
    SUBMISSION = "submission"  # an initiative's path from submission to decision
    REVIEW = "review"  # the council's review of that initiative
    CONNECTION = "connection"  # a connection between two organisations


# An initiative in one of these states has been decided (accepted or rejected, then onward).
INITIATIVE_DECIDED: frozenset[InitiativeStatus] = frozenset(
    {
        InitiativeStatus.ACCEPTED,
        InitiativeStatus.REJECTED,
        InitiativeStatus.PUBLISHED,
        InitiativeStatus.COMMERCIALISING,
        InitiativeStatus.COMMERCIALISED,
    }
)


@dataclass(frozen=True, slots=True)
class RatedSubject:
    """What a rating is about and the listing whose province and field it counts under."""

    process: RatedProcess
    subject_id: UUID
    listing_kind: ListingKind
    listing_id: UUID


@dataclass(frozen=True, slots=True)
class ProcessRating:
    id: UUID
    process: RatedProcess
    subject_id: UUID
    user_id: UUID
    score: int
    comment: str | None  # confidential: operators and observers of the province, and its author
    rated_at: datetime
    created_at: datetime
    # The listing's, copied when rated: a decided initiative, a listed offer or an open need no
    # longer changes its province.
    province_code: str | None = None


@dataclass(frozen=True, slots=True)
class EvaluationRound:
    id: UUID
    evaluator: str
    period_start: date
    period_end: date  # inclusive
    findings: str  # internal, even once published
    summary: str
    recorded_by: UUID
    created_at: datetime
    published_at: datetime | None

    @property
    def published(self) -> bool:
        return self.published_at is not None


def clean_rating(score: int, comment: str | None) -> str | None:
    """The comment to store (None when blank); raises InvalidInput for a bad score or comment."""
    v = Validator()
    v.in_range("score", score, SCORE_MIN, SCORE_MAX)
    cleaned = v.text("comment", comment, min_len=0, max_len=COMMENT_MAX) if comment else ""
    v.check()
    return cleaned or None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class NewEvaluationRound:
    evaluator: str
    period_start: date
    period_end: date
    findings: str
    summary: str


def clean_round(
    evaluator: str, period_start: date, period_end: date, findings: str, summary: str
) -> NewEvaluationRound:
    """Every problem at once: texts, and a period (both days included) of 3 to 6 months."""
    v = Validator()
    who = v.text("evaluator", evaluator, min_len=2, max_len=EVALUATOR_MAX)
    found = v.text("findings", findings, max_len=FINDINGS_MAX)
    said = v.text("summary", summary, max_len=SUMMARY_MAX)
    after_end = date.fromordinal(period_end.toordinal() + 1)
    if not (
        add_months(period_start, ROUND_MONTHS_MIN)
        <= after_end
        <= add_months(period_start, ROUND_MONTHS_MAX)
    ):
        v.add(
            "periodEnd",
            ValidationCode.OUT_OF_RANGE,
            f"must end {ROUND_MONTHS_MIN} to {ROUND_MONTHS_MAX} months after periodStart",
        )
    v.check()
    return NewEvaluationRound(who, period_start, period_end, found, said)


# --- aggregates for the statistics -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProcessRatings:
    """The ratings of one process given (or last changed) in the period, in scope."""

    process: RatedProcess
    count: int
    average: float | None
    distribution: dict[int, int]  # score -> ratings, every score 1-5 present
    commented: int  # how many carry a comment; the comments themselves stay private

    def public(self) -> ProcessRatings:
        """What the public reads: the count, and the average of enough ratings."""
        shown = self.average if self.count >= PUBLIC_MIN_RATINGS else None
        return ProcessRatings(self.process, self.count, shown, {}, 0)


@dataclass(frozen=True, slots=True)
class FeedbackStatistics:
    ratings: list[ProcessRatings]  # one per RatedProcess, in its order
    # Published rounds whose period overlaps the statistics period; None where not read
    # (overseers read every round with `evaluationRounds`).
    published_rounds: list[EvaluationRound] | None = None


class RatingRepository(Protocol):
    async def get(self, user_id: UUID, subject: RatedSubject) -> ProcessRating | None: ...

    async def put(
        self, user_id: UUID, subject: RatedSubject, *, score: int, comment: str | None
    ) -> ProcessRating:
        """Insert, or replace the user's rating of this subject."""
        ...

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
        """Newest first, with the listing's province; up to first + 1."""
        ...


class EvaluationRoundRepository(Protocol):
    async def add(self, new: NewEvaluationRound, *, recorded_by: UUID) -> EvaluationRound: ...

    async def get(self, round_id: UUID, *, for_update: bool = False) -> EvaluationRound | None: ...

    async def get_many(
        self, round_ids: list[UUID], *, published_only: bool
    ) -> list[EvaluationRound]: ...

    async def publish(self, round_id: UUID, *, by: UUID) -> EvaluationRound: ...

    async def page(self, *, after: list[Any] | None, first: int) -> list[EvaluationRound]:
        """Latest recorded first; up to first + 1."""
        ...


class FeedbackReader(Protocol):
    async def ratings(
        self,
        *,
        starts_at: datetime,
        ends_at: datetime,
        provinces: frozenset[str] | None,
        field_codes: frozenset[str] | None,
    ) -> list[ProcessRatings]: ...

    async def published_rounds(self, *, start: date, end: date) -> list[EvaluationRound]:
        """Published rounds whose period overlaps [start, end)."""
        ...
