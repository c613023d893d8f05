"""Races between requests on a real PostgreSQL: each request has its own session and commits,
as in production (the per-test rolled-back transaction would serialise them)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.deps import ApiDeps
from db.engine import make_engine, make_sessionmaker
from db.tables import connections, join_requests, memberships, organizations, users
from domain.accounts import MemberRole
from domain.listings import OfferStatus
from tests.conftest import FAST_HASHER, create_migrated_database, drop_database
from tests.factories import add_member, make_offer, make_organization, make_user, receipt_signer
from tests.graphql import conflict, gql

TRIES = 4


@pytest.fixture(scope="module")
def committed_url(server_url: str) -> Iterator[str]:
    url = create_migrated_database(server_url, prefix="innovex_races")
    yield url
    drop_database(server_url, url)


@pytest.fixture
async def sessions(committed_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(committed_url, pool_size=TRIES + 2)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def racing_client(
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[httpx.AsyncClient]:
    from search.postgres import PostgresSearchIndex

    deps = ApiDeps(sessions=sessions, password_hasher=FAST_HASHER)
    deps.search_index = PostgresSearchIndex(sessions)
    deps.receipt_signer = receipt_signer()
    transport = httpx.ASGITransport(app=create_app(deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def _count(sessions: async_sessionmaker[AsyncSession], stmt: Any) -> int:
    async with sessions() as s:
        return int(await s.scalar(stmt) or 0)


async def _race(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], tokens: list[str | None]
) -> list[dict[str, Any]]:
    bodies = await asyncio.gather(
        *(gql(client, query, variables, token=t, expect_errors=True) for t in tokens)
    )
    for body in bodies:
        assert "errors" not in body, body["errors"]
    return [next(iter(body["data"].values())) for body in bodies]


async def test_concurrent_sign_ups_with_one_email_make_one_account_and_no_internal_error(
    racing_client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    query = "mutation($input: SignUpInput!) { signUp(input: $input) { __typename } }"
    variables = {
        "input": {"email": "race@example.vn", "password": "Ngựa sắt Phù Đổng", "displayName": "A"}
    }
    answers = await _race(racing_client, query, variables, [None] * TRIES)
    # One account; every caller gets the same answer, which does not say whether it was theirs.
    assert answers == [{"__typename": "SignedUp"}] * TRIES
    assert (
        await _count(sessions, select(func.count()).where(users.c.email == "race@example.vn")) == 1
    )


async def test_concurrent_organizations_with_one_registry_code_conflict(
    racing_client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as s:
        owner = await make_user(s)
    query = """mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
      __typename ... on Conflict { conflictCode: code } } }"""
    variables = {"input": {"name": "Viện Đua", "kind": "STARTUP", "registryCode": "RACE-0001"}}
    answers = await _race(racing_client, query, variables, [owner.token] * TRIES)
    assert sorted(a["__typename"] for a in answers) == ["Conflict"] * (TRIES - 1) + [
        "OrganizationCreated"
    ]
    assert {a.get("conflictCode") for a in answers} == {None, "REGISTRY_CODE_TAKEN"}
    assert (
        await _count(
            sessions,
            select(func.count()).where(organizations.c.registry_code == "RACE-0001"),
        )
        == 1
    )


async def test_concurrent_join_requests_of_one_user_conflict(
    racing_client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as s:
        owner = await make_user(s)
        newcomer = await make_user(s, email="newcomer@example.vn")
        org = await make_organization(s, owner.user)
    from strawberry.relay import to_base64

    query = """mutation($input: RequestToJoinInput!) { requestToJoin(input: $input) {
      __typename ... on Conflict { conflictCode: code } } }"""
    variables = {"input": {"organizationId": to_base64("Organization", org.id)}}
    answers = await _race(racing_client, query, variables, [newcomer.token] * TRIES)
    assert sorted(a["__typename"] for a in answers) == ["Conflict"] * (TRIES - 1) + [
        "JoinRequested"
    ]
    assert {a.get("conflictCode") for a in answers} == {None, "ALREADY_EXISTS"}
    assert (
        await _count(
            sessions, select(func.count()).where(join_requests.c.user_id == newcomer.user.id)
        )
        == 1
    )


async def test_concurrent_connection_requests_to_one_listing_conflict(
    racing_client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions() as s:
        supplier = await make_user(s)
        supplier_org = await make_organization(s, supplier.user)
        offer = await make_offer(s, supplier.user, supplier_org, status=OfferStatus.LISTED)
        seeker = await make_user(s)
        from domain.accounts import OrganizationKind

        seeker_org = await make_organization(s, seeker.user, kind=OrganizationKind.ENTERPRISE)
    from strawberry.relay import to_base64

    query = """mutation($input: RequestConnectionInput!) { requestConnection(input: $input) {
      __typename ... on Conflict { conflictCode: code } } }"""
    variables = {
        "input": {
            "listingId": to_base64("TechnologyOffer", offer.id),
            "requesterOrganizationId": to_base64("Organization", seeker_org.id),
            "intro": "Xin kết nối",
        }
    }
    answers = await _race(racing_client, query, variables, [seeker.token] * TRIES)
    assert sorted(a["__typename"] for a in answers) == ["Conflict"] * (TRIES - 1) + [
        "ConnectionChanged"
    ]
    assert {a.get("conflictCode") for a in answers} == {None, "ALREADY_EXISTS"}
    assert (
        await _count(sessions, select(func.count()).where(connections.c.listing_id == offer.id))
        == 1
    )


async def test_two_owners_removing_each_other_at_once_leave_one_owner(
    racing_client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    from strawberry.relay import to_base64

    query = """mutation($input: RemoveMemberInput!) { removeMember(input: $input) {
      __typename ... on Conflict { conflictCode: code } } }"""
    for _ in range(3):
        async with sessions() as s:
            first = await make_user(s)
            second = await make_user(s)
            org = await make_organization(s, first.user)
            await add_member(s, org, second.user, MemberRole.OWNER)
        org_id = to_base64("Organization", org.id)
        answers = await asyncio.gather(
            gql(
                racing_client,
                query,
                {"input": {"organizationId": org_id, "userId": to_base64("User", second.user.id)}},
                token=first.token,
            ),
            gql(
                racing_client,
                query,
                {"input": {"organizationId": org_id, "userId": to_base64("User", first.user.id)}},
                token=second.token,
            ),
        )
        # The winner last, whatever the loser's typename sorts like.
        results = sorted(
            (a["removeMember"] for a in answers), key=lambda r: r["__typename"] == "MemberRemoved"
        )
        # The loser is refused: as the last owner, or (when the winner committed before the
        # loser's request read who it is) as no longer an owner at all.
        assert results[1] == {"__typename": "MemberRemoved"}, answers
        assert results[0] in (
            conflict("LAST_OWNER"),
            {"__typename": "NotAllowed"},
        ), answers
        owners = select(func.count()).where(
            memberships.c.organization_id == org.id, memberships.c.role == MemberRole.OWNER.value
        )
        assert await _count(sessions, owners) == 1
