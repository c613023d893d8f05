"""Ratings in the statistics: counts, averages and the distribution per process for the period
and scope (computed in SQL, a fixed number of statements), averages of enough ratings in the
public statistics, and no comment or finding anywhere but where overseers read them."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import metadata
from domain.accounts import MemberRole, PlatformRole
from tests.api.feedback_support import RATE, FeedbackWorld, feedback_world
from tests.api.test_evaluation_rounds import PUBLISH, RECORD, first_half
from tests.api.test_statistics import this_month
from tests.conftest import StatementCounter
from tests.factories import SignedInUser, add_member, make_user
from tests.graphql import gql

MARKER = "BÍ-MẬT-9e1d"  # written into every comment and finding below

STATS = """query($p: String!, $pr: [String!]) { statistics(period: $p, provinces: $pr) {
  __typename
  ... on Statistics { feedback { ratings { process count average commented
                                           distribution { score count } } } } } }"""
PUBLIC = """query($p: String!) { publicStatistics(period: $p) {
  __typename
  ... on PublicStatistics { feedback { ratings { process count average }
                                       evaluationRounds { evaluator summary } } } } }"""


async def rate(
    client: httpx.AsyncClient, token: str, process: str, subject: str, score: int
) -> None:
    answer = await gql(
        client,
        RATE,
        {"process": process, "s": subject, "score": score, "c": f"Ý kiến {MARKER}"},
        token=token,
    )
    assert answer["rateProcess"]["__typename"] == "ProcessRated", answer


async def rated_world(client: httpx.AsyncClient, session: AsyncSession) -> FeedbackWorld:
    """Submission 5, 4, 4 (three members); review 2; connection 3 and 5 (both parties)."""
    w = await feedback_world(session)
    third = await make_user(session, display_name="Thành viên thứ ba")
    await add_member(session, w.university, third.user, MemberRole.MEMBER)
    for token, process, subject, score in (
        (w.owner.token, "SUBMISSION", w.initiative, 5),
        (w.member.token, "SUBMISSION", w.initiative, 4),
        (third.token, "SUBMISSION", w.initiative, 4),
        (w.owner.token, "REVIEW", w.initiative, 2),
        (w.seeker.token, "CONNECTION", w.connection, 3),
        (w.owner.token, "CONNECTION", w.connection, 5),
    ):
        await rate(client, token, process, subject, score)
    return w


def by_process(answer: dict[str, Any], root: str) -> dict[str, dict[str, Any]]:
    return {r["process"]: r for r in answer[root]["feedback"]["ratings"]}


def spread(**counts: int) -> list[dict[str, int]]:
    return [{"score": s, "count": counts.get(f"s{s}", 0)} for s in range(1, 6)]


async def rated_and_counted(
    client: httpx.AsyncClient, session: AsyncSession
) -> tuple[SignedInUser, str, dict[str, dict[str, Any]]]:
    """The rated world, and a central operator's `statistics` of this month by process."""
    await rated_world(client, session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    month = this_month()
    stats = by_process(await gql(client, STATS, {"p": month}, token=operator.token), "statistics")
    return operator, month, stats


async def test_statistics_count_average_and_spread_the_ratings_per_process(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    operator, month, stats = await rated_and_counted(client, session)
    assert stats == {
        "SUBMISSION": {
            "process": "SUBMISSION",
            "count": 3,
            "average": 4.33,
            "commented": 3,
            "distribution": spread(s4=2, s5=1),
        },
        "REVIEW": {
            "process": "REVIEW",
            "count": 1,
            "average": 2.0,
            "commented": 1,
            "distribution": spread(s2=1),
        },
        "CONNECTION": {
            "process": "CONNECTION",
            "count": 2,
            "average": 4.0,
            "commented": 2,
            "distribution": spread(s3=1, s5=1),
        },
    }
    # The initiative is in Cần Thơ, the offer behind the connection in Đồng Tháp.
    provincial = await make_user(
        session,
        roles=frozenset({PlatformRole.OBSERVER}),
        provinces={PlatformRole.OBSERVER: "can-tho"},
    )
    mine = by_process(await gql(client, STATS, {"p": month}, token=provincial.token), "statistics")
    assert {p: (r["count"], r["average"]) for p, r in mine.items()} == {
        "SUBMISSION": (3, 4.33),
        "REVIEW": (1, 2.0),
        "CONNECTION": (0, None),
    }
    elsewhere = await gql(client, STATS, {"p": month, "pr": ["ha-noi"]}, token=operator.token)
    assert all(r["count"] == 0 for r in by_process(elsewhere, "statistics").values())
    last_year = await gql(client, STATS, {"p": str(int(month[:4]) - 1)}, token=operator.token)
    assert all(r["average"] is None for r in by_process(last_year, "statistics").values())


async def test_the_public_reads_averages_of_three_ratings_or_more(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await rated_world(client, session)
    public = by_process(await gql(client, PUBLIC, {"p": this_month()}), "publicStatistics")
    assert public == {
        "SUBMISSION": {"process": "SUBMISSION", "count": 3, "average": 4.33},
        "REVIEW": {"process": "REVIEW", "count": 1, "average": None},
        "CONNECTION": {"process": "CONNECTION", "count": 2, "average": None},
    }


async def test_no_comment_or_finding_leaves_through_results_events_or_errors(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await rated_world(client, session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    saved = await gql(client, RECORD, first_half(f=f"Phát hiện {MARKER}"), token=operator.token)
    round_id = saved["recordEvaluationRound"]["evaluationRound"]["id"]
    await gql(client, PUBLISH, {"r": round_id}, token=operator.token)
    answers = [
        await gql(client, PUBLIC, {"p": this_month()[:4]}),
        await gql(client, PUBLIC, {"p": this_month()}),
        await gql(client, STATS, {"p": this_month()}, token=observer.token),
        # Refusals and errors about a commented rating say nothing of the comment.
        await gql(
            client,
            RATE,
            {"process": "SUBMISSION", "s": w.initiative, "score": 9, "c": f"{MARKER} " * 1000},
            token=w.owner.token,
        ),
        await gql(
            client,
            RATE,
            {"process": "CONNECTION", "s": w.connection, "score": 1, "c": MARKER},
            token=observer.token,
        ),
    ]
    assert answers[0]["publicStatistics"]["feedback"]["evaluationRounds"][0]["summary"]
    for answer in answers:
        assert MARKER not in json.dumps(answer, ensure_ascii=False), answer
    # Nor through the outbox (search, vectors, federation), live events, notifications, mail,
    # the audit log or any other table: only the ratings and the rounds hold it.
    holders = []
    for table in metadata.sorted_tables:
        found = await session.scalar(
            text(f"SELECT count(*) FROM {table.name} t WHERE t::text LIKE :m"),
            {"m": f"%{MARKER}%"},
        )
        if found:
            holders.append(table.name)
    assert sorted(holders) == ["evaluation_rounds", "process_ratings"]


async def test_feedback_adds_one_statement_to_statistics_however_many_ratings(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    async def statements(document: str, token: str | None) -> list[str]:
        with count_queries.counting():
            await gql(client, document, {"p": this_month()}, token=token)
        return list(count_queries.statements)

    empty = [await statements(STATS, operator.token), await statements(PUBLIC, None)]
    await rated_world(client, session)
    await gql(client, RECORD, first_half(), token=operator.token)
    full = [await statements(STATS, operator.token), await statements(PUBLIC, None)]
    assert [len(s) for s in full] == [len(s) for s in empty]
    overseen, public = full
    assert len([s for s in overseen if "process_ratings" in s]) == 1
    # The public's: the ratings, then the published rounds.
    assert len([s for s in public if "process_ratings" in s or "evaluation_rounds" in s]) == 2
