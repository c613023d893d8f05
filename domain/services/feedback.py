"""Use cases of user feedback and evaluation rounds (domain/feedback.py). Audit entries carry
ids, processes and scores, never a comment or a round's findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from domain.accounts import Actor
from domain.connections import ConnectionStatus
from domain.errors import Conflict, ConflictCode, NotAllowed, NotAllowedCode, NotFound
from domain.exchange_ports import ConnectionRepository
from domain.feedback import (
    INITIATIVE_DECIDED,
    EvaluationRound,
    EvaluationRoundRepository,
    ProcessRating,
    RatedProcess,
    RatedSubject,
    RatingRepository,
    clean_rating,
    clean_round,
)
from domain.listings import InitiativeRepository, ListingKind
from domain.ports import Transaction
from domain.review import ReviewDecision
from domain.services.accounts import require_user
from domain.services.statistics import province_scope, scoped_query
from domain.statistics import StatisticsQuery


class ReviewDecisions(Protocol):
    async def decisions_of(self, initiative_ids: Sequence[UUID]) -> list[ReviewDecision]: ...


class FeedbackUnitOfWork(Transaction, Protocol):
    @property
    def initiatives(self) -> InitiativeRepository: ...

    @property
    def review(self) -> ReviewDecisions: ...

    @property
    def connections(self) -> ConnectionRepository: ...

    @property
    def ratings(self) -> RatingRepository: ...

    @property
    def evaluation_rounds(self) -> EvaluationRoundRepository: ...


@dataclass(frozen=True, slots=True)
class RateProcess:
    process: RatedProcess
    subject_id: UUID  # the initiative (submission, review) or the connection
    score: int
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Rated:
    rating: ProcessRating
    replaced: bool  # the user had rated this subject before


def _not_a_participant() -> NotAllowed:
    return NotAllowed(
        NotAllowedCode.NOT_A_MEMBER, "Only those who went through this process may rate it."
    )


async def _initiative_subject(
    uow: FeedbackUnitOfWork, actor: Actor, process: RatedProcess, initiative_id: UUID
) -> RatedSubject:
    initiative = await uow.initiatives.get(initiative_id)
    if initiative is None:
        raise NotFound("Initiative", initiative_id)
    if not actor.member_of(initiative.organization_id):
        raise _not_a_participant()
    if initiative.status not in INITIATIVE_DECIDED:
        raise Conflict(ConflictCode.NOT_DECIDED, "This initiative has no decision yet.")
    if process is RatedProcess.REVIEW and not await uow.review.decisions_of([initiative.id]):
        raise Conflict(ConflictCode.NOT_DECIDED, "No review council decided this initiative.")
    return RatedSubject(process, initiative.id, ListingKind.INITIATIVE, initiative.id)


async def _connection_subject(
    uow: FeedbackUnitOfWork, actor: Actor, connection_id: UUID
) -> RatedSubject:
    connection = await uow.connections.get(connection_id)
    if connection is None:
        raise NotFound("Connection", connection_id)
    parties = (connection.requester_organization_id, connection.owner_organization_id)
    if not any(actor.member_of(org) for org in parties):
        raise _not_a_participant()
    if connection.status is ConnectionStatus.PENDING:
        raise Conflict(ConflictCode.NOT_DECIDED, "This connection has not been answered yet.")
    return RatedSubject(
        RatedProcess.CONNECTION, connection.id, connection.listing_kind, connection.listing_id
    )


async def rate_process(uow: FeedbackUnitOfWork, actor: Actor, cmd: RateProcess) -> Rated:
    user_id = require_user(actor)
    if cmd.process is RatedProcess.CONNECTION:
        subject = await _connection_subject(uow, actor, cmd.subject_id)
    else:
        subject = await _initiative_subject(uow, actor, cmd.process, cmd.subject_id)
    comment = clean_rating(cmd.score, cmd.comment)
    before = await uow.ratings.get(user_id, subject)
    rating = await uow.ratings.put(user_id, subject, score=cmd.score, comment=comment)
    await uow.audit.record(
        actor_id=user_id,
        action="feedback.re_rated" if before else "feedback.rated",
        entity_kind="process_rating",
        entity_id=rating.id,
        data={
            "process": subject.process.value,
            "subject_id": str(subject.subject_id),
            "score": rating.score,
            "previous_score": before.score if before else None,
        },
    )
    await uow.commit()
    return Rated(rating, replaced=before is not None)


async def ratings_page(
    uow: FeedbackUnitOfWork,
    actor: Actor,
    query: StatisticsQuery,
    *,
    process: RatedProcess | None,
    after: list[Any] | None,
    first: int,
) -> list[ProcessRating]:
    """Operators and observers read ratings with their comments, in their provinces."""
    q = scoped_query(actor, query)
    return await uow.ratings.page(
        starts_at=q.period.starts_at,
        ends_at=q.period.ends_at,
        provinces=q.provinces,
        field_codes=q.field_codes,
        process=process,
        after=after,
        first=first,
    )


def require_round_reader(actor: Actor) -> None:
    """Operators and observers, provincial ones too: rounds evaluate the whole portal."""
    province_scope(actor)


def _require_central_operator(actor: Actor) -> UUID:
    user_id = require_user(actor)
    if not actor.is_operator_somewhere:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "Only operators record evaluation rounds.")
    if not actor.is_staff:
        raise NotAllowed(
            NotAllowedCode.OUTSIDE_PROVINCE,
            "Evaluation rounds cover the whole portal: central operators record them.",
        )
    return user_id


@dataclass(frozen=True, slots=True)
class RecordEvaluationRound:
    evaluator: str
    period_start: date
    period_end: date  # inclusive
    findings: str
    summary: str


async def record_evaluation_round(
    uow: FeedbackUnitOfWork, actor: Actor, cmd: RecordEvaluationRound
) -> EvaluationRound:
    user_id = _require_central_operator(actor)
    new = clean_round(cmd.evaluator, cmd.period_start, cmd.period_end, cmd.findings, cmd.summary)
    found = await uow.evaluation_rounds.add(new, recorded_by=user_id)
    await uow.audit.record(
        actor_id=user_id,
        action="evaluation.recorded",
        entity_kind="evaluation_round",
        entity_id=found.id,
        data={
            "period_start": found.period_start.isoformat(),
            "period_end": found.period_end.isoformat(),
        },
    )
    await uow.commit()
    return found


async def publish_evaluation_round(
    uow: FeedbackUnitOfWork, actor: Actor, round_id: UUID
) -> EvaluationRound:
    user_id = _require_central_operator(actor)
    found = await uow.evaluation_rounds.get(round_id, for_update=True)
    if found is None:
        raise NotFound("EvaluationRound", round_id)
    if found.published:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This round is already published.")
    published = await uow.evaluation_rounds.publish(round_id, by=user_id)
    await uow.audit.record(
        actor_id=user_id,
        action="evaluation.published",
        entity_kind="evaluation_round",
        entity_id=round_id,
    )
    await uow.commit()
    return published
