"""Permission-matrix cells of user feedback and evaluation rounds."""

from __future__ import annotations

from datetime import date

from db.uow import SqlUnitOfWork
from domain.listings import InitiativeStatus, OfferStatus
from domain.services import connections as cc
from domain.services import feedback as fc
from tests.api.matrix_world import Call, Prepare, World, typename
from tests.graphql import gid

RATE = """mutation($p: RatedProcess!, $s: ID!) {
  rateProcess(input: {process: $p, subjectId: $s, score: 4}) { __typename } }"""


async def p_rate_submission(w: World) -> Call:
    decided = await w.initiative(InitiativeStatus.ACCEPTED)
    return Call(
        RATE,
        {"p": "SUBMISSION", "s": gid("Initiative", decided.id)},
        "rateProcess",
        typename("ProcessRated"),
    )


async def p_rate_connection(w: World) -> Call:
    offer = await w.offer(OfferStatus.LISTED)
    uow = SqlUnitOfWork(w.session)
    connection = await cc.request_connection(
        uow,
        w.actor("outsider"),
        cc.RequestConnection(
            listing_id=offer.id, requester_organization_id=w.outsider_org.id, acknowledge_nda=True
        ),
    )
    await cc.accept_connection(uow, w.actor("owner"), connection_id=connection.id)
    return Call(
        RATE,
        {"p": "CONNECTION", "s": gid("ConnectionRequest", connection.id)},
        "rateProcess",
        typename("ProcessRated"),
    )


async def p_ratings(w: World) -> Call:
    return Call(
        '{ processRatings(period: "2026") { __typename } }',
        {},
        "processRatings",
        typename("ProcessRatingPage"),
    )


ROUND = """mutation { recordEvaluationRound(input: {evaluator: "Viện Đánh giá",
  periodStart: "2026-01-01", periodEnd: "2026-03-31", findings: "Phát hiện.",
  summary: "Tóm tắt."}) { __typename } }"""


async def p_record_round(w: World) -> Call:
    return Call(ROUND, {}, "recordEvaluationRound", typename("EvaluationRoundSaved"))


async def p_publish_round(w: World) -> Call:
    recorded = await fc.record_evaluation_round(
        SqlUnitOfWork(w.session),
        w.operator,
        fc.RecordEvaluationRound(
            evaluator="Viện Đánh giá",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            findings="Phát hiện.",
            summary="Tóm tắt.",
        ),
    )
    return Call(
        "mutation($r: ID!) { publishEvaluationRound(input: {roundId: $r}) { __typename } }",
        {"r": gid("EvaluationRound", recorded.id)},
        "publishEvaluationRound",
        typename("EvaluationRoundSaved"),
    )


async def p_rounds(w: World) -> Call:
    return Call(
        "{ evaluationRounds { __typename } }",
        {},
        "evaluationRounds",
        typename("EvaluationRoundPage"),
    )


FEEDBACK_CELLS: dict[str, Prepare] = {
    "rateProcess (SUBMISSION, REVIEW)": p_rate_submission,
    "rateProcess (CONNECTION)": p_rate_connection,
    "processRatings": p_ratings,
    "recordEvaluationRound": p_record_round,
    "publishEvaluationRound": p_publish_round,
    "evaluationRounds": p_rounds,
}
