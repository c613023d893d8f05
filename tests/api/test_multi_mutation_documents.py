"""A document with several mutation fields reports each field's outcome truthfully: fields run
in order, each commits on its own, and a fault in one is reported on that field alone (its
writes rolled back) while the others keep their payloads."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.deps import ApiDeps
from db.tables import organizations, users
from tests.exploding_hasher import ExplodingHasher
from tests.factories import make_user

ORG = 'createOrganization(input: {name: "%s", kind: UNIVERSITY}) { __typename }'
SIGN_UP = (
    'signUp(input: {email: "%s", password: "long enough pw", displayName: "B"}) { __typename }'
)


async def counts(session: AsyncSession) -> tuple[int, int]:
    orgs = await session.scalar(select(func.count()).select_from(organizations))
    people = await session.scalar(select(func.count()).select_from(users))
    return int(orgs or 0), int(people or 0)


async def test_a_fault_in_one_mutation_field_leaves_the_others_reported_and_run(
    api_deps: ApiDeps, session: AsyncSession
) -> None:
    creator = await make_user(session)

    api_deps.password_hasher = ExplodingHasher()
    before = await counts(session)
    document = (
        f"mutation {{ a: {ORG % 'Viện A'} b: {SIGN_UP % 'b@example.vn'} c: {ORG % 'Viện C'} }}"
    )
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post(
            "/graphql",
            json={"query": document},
            headers={"authorization": f"Bearer {creator.token}"},
        )
    body = response.json()
    assert body["data"] == {
        "a": {"__typename": "OrganizationCreated"},
        "b": None,
        "c": {"__typename": "OrganizationCreated"},
    }
    [error] = body["errors"]
    assert error["path"] == ["b"]
    assert error["extensions"]["code"] == "INTERNAL"
    orgs, people = await counts(session)
    assert (orgs, people) == (before[0] + 2, before[1])


async def test_unstorable_text_in_any_field_refuses_the_whole_document_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    creator = await make_user(session)
    before = await counts(session)
    nul_name = "Viện\\u0000 B"  # a GraphQL escape: the literal holds a NUL
    document = f"mutation {{ a: {ORG % 'Viện A'} b: {ORG % nul_name} c: {ORG % 'Viện C'} }}"
    response = await client.post(
        "/graphql",
        json={"query": document},
        headers={"authorization": f"Bearer {creator.token}"},
    )
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["fields"][0]["path"] == ["b", "input", "name"]
    assert await counts(session) == before
