"""Oversight statistics over GraphQL on a real PostgreSQL: refusals first, then the funnel,
decision times, connections and deals; provincial scope; typed errors for bad arguments; no
confidential field in the answer; a bounded number of SQL statements."""

from __future__ import annotations

import json
from datetime import date, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.statistics import SqlStatisticsReader
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, OrganizationKind, PlatformRole
from domain.deals import DealKind
from domain.listings import InitiativeStatus, OfferStatus
from domain.services import connections as cc
from domain.services import deals as dc
from domain.statistics import PORTAL_TZ
from tests.api.test_permission_matrix import snapshot
from tests.conftest import StatementCounter
from tests.factories import make_initiative, make_offer, make_organization, make_user
from tests.graphql import gql

MARKER = "MẬT-7f3a9c"  # written into every confidential field of the listings below

STATS = """query($p: String!, $pr: [String!], $f: [String!]) {
  statistics(period: $p, provinces: $pr, fieldCodes: $f) {
    __typename
    ... on Statistics {
      period provinces fieldCodes
      funnel { stage total byMonth { bucket count } byQuarter { bucket count } }
      decisionTime { decided p50Days p90Days }
      connectionsByState { state count }
      deals { count valueVnd confirmedOnly byKind { key count valueVnd undisclosed }
              byMonth { key count } byProvince { key count valueVnd } }
      topFields { code nameVi nameEn received published }
      topProvinces { code nameVi received published }
    }
    ... on ValidationError { fields { path code } }
    ... on NotAuthenticated { authCode: code }
    ... on NotAllowed { notAllowedCode: code }
  }
}"""

PUBLIC = """query($p: String!) { publicStatistics(period: $p) {
  __typename
  ... on PublicStatistics { period funnel { stage total } deals { count valueVnd }
                            topProvinces { code received published } }
  ... on ValidationError { fields { path code } }
} }"""


def this_month() -> str:
    return datetime.now(PORTAL_TZ).strftime("%Y-%m")


async def portal_activity(session: AsyncSession) -> dict[str, object]:
    """Two published initiatives in Cần Thơ (field 207), one received in Hà Nội (202), and a
    listed offer (Đồng Tháp, 211) with a connection that became a 5-billion licence deal."""
    owner = await make_user(session, display_name="Nhà khoa học")
    org = await make_organization(
        session, owner.user, kind=OrganizationKind.UNIVERSITY, verified=True
    )
    secret = {"description": f"Mô tả {MARKER}", "solution": f"Giải pháp {MARKER}"}
    for _ in range(2):
        await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED, **secret)
    await make_initiative(
        session,
        owner.user,
        org,
        status=InitiativeStatus.SUBMITTED,
        province_code="ha-noi",
        field_code="202",
        **secret,
    )
    offer = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, contact_name=f"Liên hệ {MARKER}"
    )
    seeker = await make_user(session, display_name="Doanh nghiệp")
    seeker_org = await make_organization(session, seeker.user, kind=OrganizationKind.ENTERPRISE)
    uow = SqlUnitOfWork(session)
    seeker_actor = Actor(
        email_verified=True, user_id=seeker.user.id, memberships={seeker_org.id: MemberRole.OWNER}
    )
    owner_actor = Actor(
        email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
    )
    connection = await cc.request_connection(
        uow,
        seeker_actor,
        cc.RequestConnection(
            listing_id=offer.id, requester_organization_id=seeker_org.id, acknowledge_nda=True
        ),
    )
    await cc.accept_connection(uow, owner_actor, connection_id=connection.id)
    await dc.record_deal(
        uow,
        owner_actor,
        dc.RecordDeal(
            connection_id=connection.id,
            kind=DealKind.LICENCE,
            signed_on=datetime.now(PORTAL_TZ).date(),
            value_vnd=5_000_000_000,
        ),
    )
    # Only a deal the other party confirmed counts.
    await dc.confirm_deal(uow, seeker_actor, connection_id=connection.id)
    # The worker refreshes the funnel and decision rollups every 5 minutes; here, now.
    await SqlStatisticsReader(session).refresh(concurrently=False)
    return {"owner": owner}


async def test_statistics_are_refused_to_callers_without_an_oversight_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await portal_activity(session)
    scientist = await make_user(session)
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    before = await snapshot(session)
    anonymous = (await gql(client, STATS, {"p": this_month()}))["statistics"]
    assert anonymous == {"__typename": "NotAuthenticated", "authCode": "TOKEN_MISSING"}
    for caller in (scientist, reviewer):
        refused = await gql(client, STATS, {"p": this_month()}, token=caller.token)
        assert refused["statistics"] == {
            "__typename": "NotAllowed",
            "notAllowedCode": "MISSING_ROLE",
        }
    assert await snapshot(session) == before


async def test_an_operator_reads_the_funnel_decisions_connections_and_deals(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await portal_activity(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    month = this_month()
    stats = (await gql(client, STATS, {"p": month}, token=operator.token))["statistics"]
    assert stats["__typename"] == "Statistics"
    assert stats["period"] == month
    assert stats["provinces"] is None
    totals = {f["stage"]: f["total"] for f in stats["funnel"]}
    assert totals == {
        "RECEIVED": 3,
        "SCREENED": 2,
        "UNDER_REVIEW": 2,
        "SELECTED": 2,
        "PUBLISHED": 2,
        "COMMERCIALISING": 0,
    }
    received = next(f for f in stats["funnel"] if f["stage"] == "RECEIVED")
    assert received["byMonth"] == [{"bucket": month, "count": 3}]
    quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
    assert received["byQuarter"] == [{"bucket": quarter, "count": 3}]
    decided = stats["decisionTime"]
    assert decided["decided"] == 2
    assert 0 <= decided["p50Days"] <= decided["p90Days"] < 1
    assert stats["connectionsByState"] == [{"state": "deal", "count": 1}]
    deals = stats["deals"]
    assert deals["count"] == 1
    assert deals["valueVnd"] == "5000000000"
    assert deals["confirmedOnly"] is True
    assert deals["byKind"] == [
        {"key": "licence", "count": 1, "valueVnd": "5000000000", "undisclosed": 0}
    ]
    assert deals["byMonth"] == [{"key": month, "count": 1}]
    assert deals["byProvince"] == [{"key": "dong-thap", "count": 1, "valueVnd": "5000000000"}]
    assert [(p["code"], p["received"], p["published"]) for p in stats["topProvinces"]] == [
        ("can-tho", 2, 2),
        ("ha-noi", 1, 0),
    ]
    assert stats["topFields"][0]["code"] == "207"
    assert stats["topFields"][0]["received"] == 2
    assert stats["topFields"][0]["nameVi"]


async def test_a_provincial_observer_reads_its_provinces_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await portal_activity(session)
    observer = await make_user(
        session,
        roles=frozenset({PlatformRole.OBSERVER}),
        provinces={PlatformRole.OBSERVER: "can-tho"},
    )
    month = this_month()
    refused = await gql(client, STATS, {"p": month, "pr": ["ha-noi"]}, token=observer.token)
    assert refused["statistics"] == {
        "__typename": "NotAllowed",
        "notAllowedCode": "OUTSIDE_PROVINCE",
    }
    mine = (await gql(client, STATS, {"p": month}, token=observer.token))["statistics"]
    assert mine["provinces"] == ["can-tho"]
    assert {f["stage"]: f["total"] for f in mine["funnel"]}["RECEIVED"] == 2
    # The deal was on an offer in Đồng Tháp: outside this observer's province.
    assert mine["deals"]["count"] == 0
    asked = await gql(client, STATS, {"p": month, "pr": ["can-tho"]}, token=observer.token)
    assert asked["statistics"]["provinces"] == ["can-tho"]


async def test_bad_periods_provinces_and_field_codes_are_typed_errors(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    for variables, path, code in (
        ({"p": "2026-13"}, ["period"], "INVALID_FORMAT"),
        ({"p": "Q3-2026"}, ["period"], "INVALID_FORMAT"),
        ({"p": "2026", "pr": ["atlantis"]}, ["provinces"], "INVALID_CHOICE"),
        ({"p": "2026", "f": ["999"]}, ["fieldCodes"], "INVALID_CHOICE"),
    ):
        answer = (await gql(client, STATS, variables, token=observer.token))["statistics"]
        assert answer == {"__typename": "ValidationError", "fields": [{"path": path, "code": code}]}
    public = (await gql(client, PUBLIC, {"p": "2026-Q5"}))["publicStatistics"]
    assert public == {
        "__typename": "ValidationError",
        "fields": [{"path": ["period"], "code": "INVALID_FORMAT"}],
    }


async def test_anyone_reads_the_public_statistics_and_no_confidential_field_leaks(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await portal_activity(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    public = (await gql(client, PUBLIC, {"p": this_month()}))["publicStatistics"]
    assert public["__typename"] == "PublicStatistics"
    assert {f["stage"]: f["total"] for f in public["funnel"]}["PUBLISHED"] == 2
    assert public["deals"] == {"count": 1, "valueVnd": "5000000000"}
    full = await gql(client, STATS, {"p": this_month()}, token=operator.token)
    for answer in (public, full):
        assert MARKER not in json.dumps(answer, ensure_ascii=False)
    assert MARKER not in json.dumps(public)


async def test_statistics_cost_a_fixed_number_of_statements(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    async def statements() -> int:
        with count_queries.counting():
            await gql(client, STATS, {"p": str(date.today().year)}, token=operator.token)
        return count_queries.count

    empty = await statements()
    await portal_activity(session)
    await portal_activity(session)
    assert await statements() == empty
    # The caller's token, then one statement per section: funnel, decisions, deals, connections.
    stats_statements = [
        s
        for s in count_queries.statements
        if "stats_" in s or "FROM deals" in s or "FROM connections" in s
    ]
    assert len(stats_statements) == 4, stats_statements
    assert empty <= 6
