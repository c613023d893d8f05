"""Evaluation rounds over GraphQL: central operators record and publish them (refusals first,
nothing changes), a period of 3 to 6 months or a typed error, overseers read every round with
its findings, the public reads published summaries only."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import PlatformRole
from tests.api.test_permission_matrix import snapshot
from tests.factories import SignedInUser, make_user
from tests.graphql import ERRORS, gql

FINDINGS = "PHÁT-HIỆN-NỘI-BỘ-41c2"  # internal findings: never public

RECORD = (
    """mutation($e: String!, $s: Date!, $t: Date!, $f: String!, $m: String!) {
  recordEvaluationRound(input: {evaluator: $e, periodStart: $s, periodEnd: $t, findings: $f,
                                summary: $m}) {
    __typename
    ... on EvaluationRoundSaved { evaluationRound { id evaluator periodStart periodEnd
                                                    publishedAt } }
    """
    + ERRORS
    + "} }"
)
PUBLISH = (
    """mutation($r: ID!) { publishEvaluationRound(input: {roundId: $r}) {
    __typename
    ... on EvaluationRoundSaved { evaluationRound { id publishedAt } }
    """
    + ERRORS
    + "} }"
)
ROUNDS = """{ evaluationRounds { __typename
  ... on EvaluationRoundPage { rounds { nodes { id evaluator findings summary publishedAt } } }
  ... on NotAuthenticated { authCode: code }
  ... on NotAllowed { notAllowedCode: code } } }"""
PUBLIC = """query($p: String!) { publicStatistics(period: $p) { ... on PublicStatistics {
  feedback { evaluationRounds { id evaluator periodStart periodEnd summary publishedAt } } } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on EvaluationRound { findings } } }"


def first_half(**overrides: str) -> dict[str, str]:
    values = {
        "e": "Viện Chiến lược và Chính sách KH&CN",
        "s": "2026-01-01",
        "t": "2026-06-30",
        "f": f"Thời gian xét chọn dài ở 3 tỉnh. {FINDINGS}",
        "m": "Người dùng đánh giá quy trình xét chọn 4,1/5.",
    }
    values.update(overrides)
    return values


async def overseers(session: AsyncSession) -> dict[str, SignedInUser]:
    return {
        "operator": await make_user(session, roles=frozenset({PlatformRole.OPERATOR})),
        "provincial operator": await make_user(
            session,
            roles=frozenset({PlatformRole.OPERATOR}),
            provinces={PlatformRole.OPERATOR: "can-tho"},
        ),
        "observer": await make_user(session, roles=frozenset({PlatformRole.OBSERVER})),
        "provincial observer": await make_user(
            session,
            roles=frozenset({PlatformRole.OBSERVER}),
            provinces={PlatformRole.OBSERVER: "can-tho"},
        ),
        "reviewer": await make_user(session, roles=frozenset({PlatformRole.REVIEWER})),
        "scientist": await make_user(session),
    }


async def test_only_central_operators_record_rounds_and_refusals_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    who = await overseers(session)
    before = await snapshot(session)
    anonymous = (await gql(client, RECORD, first_half()))["recordEvaluationRound"]
    assert anonymous == {"__typename": "NotAuthenticated", "authCode": "TOKEN_MISSING"}
    for name, code in (
        ("scientist", "MISSING_ROLE"),
        ("reviewer", "MISSING_ROLE"),
        ("observer", "MISSING_ROLE"),
        ("provincial observer", "MISSING_ROLE"),
        ("provincial operator", "OUTSIDE_PROVINCE"),
    ):
        answer = await gql(client, RECORD, first_half(), token=who[name].token)
        assert answer["recordEvaluationRound"] == {
            "__typename": "NotAllowed",
            "notAllowedCode": code,
        }, name
    assert await snapshot(session) == before


async def test_a_round_covers_three_to_six_months_or_gets_a_typed_error(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    operator = (await overseers(session))["operator"]
    before = await snapshot(session)
    for bad in (
        {"t": "2026-03-30"},  # a day short of three months
        {"t": "2026-07-01"},  # a day over six
        {"s": "2026-06-30", "t": "2026-01-01"},
    ):
        answer = await gql(client, RECORD, first_half(**bad), token=operator.token)
        assert answer["recordEvaluationRound"] == {
            "__typename": "ValidationError",
            "fields": [{"path": ["periodEnd"], "code": "OUT_OF_RANGE"}],
        }, bad
    empty = await gql(client, RECORD, first_half(e=" ", m=""), token=operator.token)
    assert empty["recordEvaluationRound"]["fields"] == [
        {"path": ["evaluator"], "code": "REQUIRED"},
        {"path": ["summary"], "code": "REQUIRED"},
    ]
    assert FINDINGS not in json.dumps(empty, ensure_ascii=False)
    assert await snapshot(session) == before
    for good in ({"t": "2026-03-31"}, {"s": "2026-01-31", "t": "2026-04-29"}, {}):
        answer = await gql(client, RECORD, first_half(**good), token=operator.token)
        assert answer["recordEvaluationRound"]["__typename"] == "EvaluationRoundSaved", good


async def test_the_public_reads_published_summaries_and_overseers_read_findings(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    who = await overseers(session)
    operator = who["operator"]
    saved = await gql(client, RECORD, first_half(), token=operator.token)
    round_ = saved["recordEvaluationRound"]["evaluationRound"]
    assert round_["publishedAt"] is None

    async def public(period: str) -> list[dict[str, Any]]:
        answer = await gql(client, PUBLIC, {"p": period})
        assert FINDINGS not in json.dumps(answer, ensure_ascii=False)
        rounds: list[dict[str, Any]] = answer["publicStatistics"]["feedback"]["evaluationRounds"]
        return rounds

    assert await public("2026") == []
    assert (await gql(client, ROUNDS))["evaluationRounds"]["authCode"] == "TOKEN_MISSING"
    for name in ("scientist", "reviewer"):
        refused = await gql(client, ROUNDS, token=who[name].token)
        assert refused["evaluationRounds"]["notAllowedCode"] == "MISSING_ROLE"
    for name in ("observer", "provincial observer", "provincial operator"):
        read = await gql(client, ROUNDS, token=who[name].token)
        assert [r["findings"] for r in read["evaluationRounds"]["rounds"]["nodes"]] == [
            first_half()["f"]
        ]

    before = await snapshot(session)
    for name in ("provincial operator", "observer"):
        refused = await gql(client, PUBLISH, {"r": round_["id"]}, token=who[name].token)
        assert refused["publishEvaluationRound"]["__typename"] == "NotAllowed"
    assert await snapshot(session) == before
    published = await gql(client, PUBLISH, {"r": round_["id"]}, token=operator.token)
    assert published["publishEvaluationRound"]["evaluationRound"]["publishedAt"]
    again = await gql(client, PUBLISH, {"r": round_["id"]}, token=operator.token)
    assert again["publishEvaluationRound"] == {
        "__typename": "Conflict",
        "conflictCode": "INVALID_TRANSITION",
    }

    shown = await public("2026")
    assert shown == [
        {
            "id": round_["id"],
            "evaluator": "Viện Chiến lược và Chính sách KH&CN",
            "periodStart": "2026-01-01",
            "periodEnd": "2026-06-30",
            "summary": "Người dùng đánh giá quy trình xét chọn 4,1/5.",
            "publishedAt": published["publishEvaluationRound"]["evaluationRound"]["publishedAt"],
        }
    ]
    assert await public("2026-06") == shown
    assert await public("2026-07") == []
    # Published or not, the findings stay internal: the node is the overseers' alone.
    assert (await gql(client, NODE, {"id": round_["id"]}))["node"] is None
    mine = await gql(client, NODE, {"id": round_["id"]}, token=who["observer"].token)
    assert mine["node"] == {"findings": first_half()["f"]}
