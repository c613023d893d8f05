"""Input the database cannot store (NUL characters, unpaired surrogates) and request bodies that
are not a GraphQL request are client errors: a clear, typed error, nothing written, never a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.tables import connection_messages, initiatives, outbox, users
from tests.factories import count, make_owner, make_user

GRAPHQL_RESPONSE = "application/graphql-response+json"

CREATE = """mutation($input: CreateInitiativeInput!) {
  createInitiative(input: $input) { __typename ... on ValidationError { fields { path code } } } }"""


def initiative_input(organization_id: str, title: str) -> dict[str, Any]:
    return {
        "organizationId": organization_id,
        "content": {
            "title": title,
            "summary": "Cảnh báo lũ cho xã vùng trũng.",
            "description": "Chi tiết mạch đo",
            "fieldCode": "202",
            "trl": 6,
            "provinceCode": "can-tho",
            "keywords": ["IoT"],
            "coAuthors": [{"name": "Trần Thị Lan", "sharePercent": "100"}],
        },
    }


async def post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    accept: str | None = None,
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if accept:
        headers["accept"] = accept
    # ensure_ascii keeps a lone surrogate as the JSON escape a client would send.
    body = json.dumps({"query": query, "variables": variables or {}}, ensure_ascii=True)
    return await client.post("/graphql", content=body.encode(), headers=headers)


def assert_unstorable_text_error(response: httpx.Response, *, status: int = 200) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" not in body, body
    [error] = body["errors"]
    assert "NUL characters or unpaired surrogates" in error["message"]
    assert error["extensions"]["code"] == "INVALIDINPUT"
    assert error["extensions"]["fields"][0]["code"] == "INVALID_FORMAT"
    assert "request id" not in error["message"]  # not masked as an unexpected error


async def test_a_nul_in_sign_in_email_is_a_typed_input_error(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await count(session, users)
    literal = 'mutation { signIn(input: {email: "a\\u0000b@example.vn", password: "pw long enough"}) { __typename } }'
    assert_unstorable_text_error(await post(client, literal))
    variables = await post(
        client,
        'mutation($e: String!) { signIn(input: {email: $e, password: "pw long enough"}) { __typename } }',
        {"e": "a\x00b@example.vn"},
    )
    assert_unstorable_text_error(variables)
    error = variables.json()["errors"][0]
    assert error["extensions"]["fields"][0]["path"] == ["variables", "e"]
    assert await count(session, users) == before


async def test_a_nul_in_an_initiative_title_is_rejected_before_anything_is_written(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, organization = await make_owner(session)
    org_id = str(relay.GlobalID("Organization", str(organization.id)))
    before = (await count(session, initiatives), await count(session, outbox))
    response = await post(
        client, CREATE, {"input": initiative_input(org_id, "Cảnh báo\x00 lũ")}, token=owner.token
    )
    assert_unstorable_text_error(response)
    assert response.json()["errors"][0]["extensions"]["fields"][0]["path"] == [
        "variables",
        "input",
        "content",
        "title",
    ]
    assert (await count(session, initiatives), await count(session, outbox)) == before


async def test_a_nul_in_a_connection_message_is_rejected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    sender = await make_user(session)
    before = await count(session, connection_messages)
    connection_id = str(relay.GlobalID("Connection", "00000000-0000-0000-0000-000000000001"))
    response = await post(
        client,
        'mutation($id: ID!) { postConnectionMessage(input: {connectionId: $id, body: "xin\\u0000 chào"}) { __typename } }',
        {"id": connection_id},
        token=sender.token,
    )
    assert_unstorable_text_error(response)
    assert await count(session, connection_messages) == before


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ organizations(provinceCode: "ha\\u0000noi") { edges { cursor } } }', {}),
        (
            "query($p: String) { organizations(provinceCode: $p) { edges { cursor } } }",
            {"p": "ha\x00noi"},
        ),
        ('{ search(query: "lũ\\u0000") { __typename } }', {}),
        ("query($q: String!) { search(query: $q) { __typename } }", {"q": "\ud800abc"}),
        ("query($q: String!) { suggest(prefix: $q) { __typename } }", {"q": "abc\udfff"}),
    ],
    ids=["province-literal", "province-variable", "search-nul", "search-surrogate", "suggest"],
)
async def test_unstorable_text_in_queries_is_a_typed_input_error(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> None:
    assert_unstorable_text_error(await post(client, query, variables))


async def test_with_the_graphql_response_media_type_unstorable_text_is_a_400(
    client: httpx.AsyncClient,
) -> None:
    response = await post(
        client,
        "query($q: String!) { search(query: $q) { __typename } }",
        {"q": "\ud800abc"},
        accept=GRAPHQL_RESPONSE,
    )
    assert_unstorable_text_error(response, status=400)
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)


def nested_arrays(depth: int) -> bytes:
    return b'{"query":"{ __typename }","variables":{"v":' + b"[" * depth + b"]" * depth + b"}}"


@pytest.mark.parametrize(
    "content",
    [
        b"null",
        b"1",
        b'"x"',
        b"true",
        b"[]",
        b'{"query": "{ __typename }"}\xff\xfe',
        nested_arrays(1000),
    ],
    ids=["null", "number", "string", "boolean", "empty-batch", "invalid-utf8", "nested-arrays"],
)
async def test_a_body_that_is_not_a_graphql_request_is_a_400_with_a_request_id(
    client: httpx.AsyncClient, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    response = await client.post(
        "/graphql",
        content=content,
        headers={"content-type": "application/json", "x-request-id": "bad-body-1"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["x-request-id"] == "bad-body-1"
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"]
    assert not [r for r in caplog.records if r.levelname in {"ERROR", "CRITICAL"}]
