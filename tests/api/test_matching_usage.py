"""Matching usage in the statistics: each answered matching query is counted under its
subject's province and field, refusals are not, the count respects the period and the
overseer's provinces, nothing confidential is kept, and a failure to count never fails the
answer.

Usage is recorded in a transaction of its own, committed while the request's session stays
open: in a test's rolled-back transaction the request's savepoint would take it away, so this
module commits to a scratch database of its own, like production."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import matching_usage
from domain.accounts import PlatformRole
from tests.api import matching_world
from tests.api.matching_world import RECOMMEND, SECRET, SIMILAR, World
from tests.api.test_statistics import this_month
from tests.conftest import StatementCounter, committed_database
from tests.factories import make_user
from tests.graphql import gql

committed_url, engine, sessions = committed_database("innovex_usage")
world = matching_world.world  # a need and an offer in Đồng Tháp (field 202), their owners


@pytest.fixture(autouse=True)
async def no_usage_yet(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as s:
        await s.execute(delete(matching_usage))
        await s.commit()


USAGE = """query($p: String!, $pr: [String!], $f: [String!]) {
  statistics(period: $p, provinces: $pr, fieldCodes: $f) {
    __typename
    ... on Statistics { matchingUsage { query count byMonth { bucket count } } }
    ... on NotAllowed { code }
  }
}"""


async def usage(client: httpx.AsyncClient, token: str, **filters: object) -> dict[str, int]:
    answer = (await gql(client, USAGE, {"p": this_month(), **filters}, token=token))["statistics"]
    assert answer["__typename"] == "Statistics", answer
    counts = {u["query"]: u["count"] for u in answer["matchingUsage"]}
    for u in answer["matchingUsage"]:
        assert u["byMonth"] == [{"bucket": this_month(), "count": u["count"]}]
    return counts


def only(**counts: int) -> dict[str, int]:
    names = (
        "RECOMMENDED_SUPPLIERS",
        "MATCHED_OPPORTUNITIES",
        "MATCHING_NEEDS",
        "SIMILAR_LISTINGS",
        "COMMERCIALISATION_POTENTIAL",
    )
    return {name: counts.get(name, 0) for name in names}


async def test_answers_are_counted_by_query_month_and_province_refusals_are_not(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    operator = world.operator
    assert await usage(client, operator.token) == only()
    # Refused: anonymous, a stranger, a supplier; none is counted.
    for token in (None, world.stranger.token, world.hydro.token):
        refused = await gql(client, RECOMMEND, {"id": world.need_id}, token=token)
        assert refused["recommendedSuppliers"]["__typename"] == "NotAllowed"
    for _ in range(2):
        asked = await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token)
        assert asked["recommendedSuppliers"]["__typename"] == "RecommendedSuppliers"
    similar = await gql(client, SIMILAR, {"id": world.flood_offer_id}, token=world.hydro.token)
    assert similar["similarListings"]["__typename"] == "SimilarListings"

    counted = only(RECOMMENDED_SUPPLIERS=2, SIMILAR_LISTINGS=1)
    assert await usage(client, operator.token) == counted
    # The need and the offer are in Đồng Tháp, field 202.
    dong_thap = await make_user(
        session,
        roles=frozenset({PlatformRole.OPERATOR}),
        provinces={PlatformRole.OPERATOR: "dong-thap"},
    )
    ha_noi = await make_user(
        session,
        roles=frozenset({PlatformRole.OPERATOR}),
        provinces={PlatformRole.OPERATOR: "ha-noi"},
    )
    assert await usage(client, dong_thap.token) == counted
    assert await usage(client, ha_noi.token) == only()
    assert await usage(client, operator.token, f=["202"]) == counted
    assert await usage(client, operator.token, f=["301"]) == only()
    outside = await gql(client, USAGE, {"p": this_month(), "pr": ["dong-thap"]}, token=ha_noi.token)
    assert outside["statistics"] == {"__typename": "NotAllowed", "code": "OUTSIDE_PROVINCE"}
    # Another period: none.
    last_year = await gql(client, USAGE, {"p": "2020"}, token=operator.token)
    assert all(u["count"] == 0 for u in last_year["statistics"]["matchingUsage"])

    # Only codes and times are kept: no text of the need, the offer or the asker.
    rows = (await session.execute(text("SELECT row_to_json(u)::text FROM matching_usage u"))).all()
    assert len(rows) == 3
    assert all(SECRET not in r[0] and "Flood" not in r[0] for r in rows)


async def test_a_failure_to_count_does_not_fail_the_answer(
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await session.execute(text("ALTER TABLE matching_usage RENAME TO matching_usage_gone"))
    await session.commit()
    with caplog.at_level(logging.ERROR, logger="innovex.matching"):
        asked = await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token)
    assert asked["recommendedSuppliers"]["__typename"] == "RecommendedSuppliers"
    assert asked["recommendedSuppliers"]["suppliers"]
    assert "matching usage not recorded" in caplog.text
    await session.execute(text("ALTER TABLE matching_usage_gone RENAME TO matching_usage"))
    await session.commit()
    assert await session.scalar(select(func.count()).select_from(matching_usage)) == 0


async def test_matching_usage_costs_one_statement_when_asked(
    client: httpx.AsyncClient, world: World, count_queries: StatementCounter
) -> None:
    asked = await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token)
    assert asked["recommendedSuppliers"]["__typename"] == "RecommendedSuppliers"
    with count_queries.counting() as statements:
        await usage(client, world.operator.token)
    reads = [s for s in statements if "matching_usage" in s]
    assert len(reads) == 1, reads
