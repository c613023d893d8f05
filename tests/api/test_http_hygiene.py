"""HTTP-level limits and GraphQL-over-HTTP conventions: bad requests get a 4xx or a typed
error, never a 500, and write nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.deps import ApiDeps
from db.tables import users
from tests.exploding_hasher import ExplodingHasher
from tests.graphql import gql

SIGN_UP = 'mutation { signUp(input: {email: "big@example.vn", password: "long enough pw", displayName: "%s"}) { __typename } }'


async def user_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(users)) or 0)


async def test_a_one_megabyte_document_is_refused_with_413(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await user_count(session)
    body = {"query": SIGN_UP % ("x" * 1_000_000)}
    response = await client.post("/graphql", json=body)
    assert response.status_code == 413
    assert "exceeds" in response.json()["errors"][0]["message"]
    assert await user_count(session) == before


async def test_a_chunked_body_over_the_limit_is_refused_too(client: httpx.AsyncClient) -> None:
    async def chunks():  # no content-length: the limit is enforced while reading
        for _ in range(40):
            yield b"x" * 10_000

    response = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_a_query_nested_50_deep_is_refused_before_execution(
    client: httpx.AsyncClient,
) -> None:
    inner = "id"
    for _ in range(25):
        inner = f"memberships {{ organization {{ members {{ user {{ {inner} }} }} }} }}"
    query = f"{{ me {{ ... on User {{ {inner} }} }} }}"
    body = await gql(client, query, expect_errors=True)
    assert body.get("data") is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_a_hundred_aliases_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await user_count(session)
    aliases = " ".join(
        f'a{i}: signUp(input: {{email: "alias{i}@example.vn", password: "long enough pw", displayName: "A"}}) {{ __typename }}'
        for i in range(100)
    )
    body = await gql(client, f"mutation {{ {aliases} }}", expect_errors=True)
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"]
    assert await user_count(session) == before


async def test_mutations_over_get_are_rejected_with_405(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await user_count(session)
    response = await client.get("/graphql", params={"query": SIGN_UP % "Get"})
    assert response.status_code == 405
    assert await user_count(session) == before


async def test_queries_over_get_work(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": "{ organizations(first: 1) { edges { cursor } } }"}
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"organizations": {"edges": []}}}


async def test_graphql_response_media_type_is_used_when_asked(client: httpx.AsyncClient) -> None:
    asked = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert asked.headers["content-type"].startswith("application/graphql-response+json")
    plain = await client.post("/graphql", json={"query": "{ __typename }"})
    assert plain.headers["content-type"].startswith("application/json")


async def test_malformed_json_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "trace-123"}
    )
    assert response.headers["x-request-id"] == "trace-123"
    generated = await client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32


async def test_unexpected_errors_are_masked_with_the_request_id(
    api_deps: ApiDeps, caplog: pytest.LogCaptureFixture
) -> None:
    api_deps.password_hasher = ExplodingHasher(
        "secret internal detail: connection string postgres://x"
    )
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post(
            "/graphql",
            json={"query": SIGN_UP % "Boom"},
            headers={"x-request-id": "req-42"},
        )
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["message"] == "Unexpected error (request id req-42)."
    assert error["extensions"] == {"code": "INTERNAL", "requestId": "req-42"}
    assert "secret internal detail" not in response.text
    assert any("secret internal detail" in str(r.exc_info) for r in caplog.records if r.exc_info)


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ready"
    assert body["checks"]["migrations"]["ok"] is True


async def test_readyz_reports_a_database_it_cannot_reach(api_deps: ApiDeps) -> None:
    from db.engine import make_engine, make_sessionmaker

    broken = make_engine("postgresql://nobody@127.0.0.1:1/none", pool_size=1)
    api_deps.sessions = make_sessionmaker(broken)
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/readyz")
    await broken.dispose()
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


async def test_production_turns_off_graphiql_introspection_and_suggestions(
    api_deps: ApiDeps,
) -> None:
    api_deps.production = True
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ide = await client.get("/graphql", headers={"accept": "text/html"})
        introspection = await client.post(
            "/graphql", json={"query": "{ __schema { types { name } } }"}
        )
        typo = await client.post(
            "/graphql", json={"query": "{ organisations { edges { cursor } } }"}
        )
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()
    assert introspection.json()["errors"]
    assert "Did you mean" not in typo.text


async def test_development_serves_graphiql_and_suggestions(client: httpx.AsyncClient) -> None:
    ide = await client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200
    assert "graphiql" in ide.text.lower()
    typo = await client.post("/graphql", json={"query": "{ organisations { edges { cursor } } }"})
    assert "Did you mean" in typo.text


PRODUCTION_TYPOS = {
    "argument": ('{ search(quer: "lũ") { __typename } }', {}),
    "enum-literal": ('{ search(query: "lũ", sort: RELEVANC) { __typename } }', {}),
    "enum-variable": (
        'query($s: SearchSort!) { search(query: "lũ", sort: $s) { __typename } }',
        {"s": "RELEVANC"},
    ),
    "type": ("{ me { ... on Usr { id } } }", {}),
    "input-field": (
        'mutation { signIn(input: {emial: "a@example.vn", password: "x"}) { __typename } }',
        {},
    ),
}


@pytest.mark.parametrize("typo", PRODUCTION_TYPOS.values(), ids=PRODUCTION_TYPOS.keys())
async def test_production_suggests_no_names_anywhere(
    api_deps: ApiDeps, typo: tuple[str, dict[str, str]]
) -> None:
    query, variables = typo
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        development = await client.post("/graphql", json={"query": query, "variables": variables})
        api_deps.production = True
        transport = httpx.ASGITransport(app=create_app(api_deps))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as prod:
            production = await prod.post("/graphql", json={"query": query, "variables": variables})
    assert "Did you mean" in development.text  # the typo is one a suggestion would fix
    assert production.json()["errors"]
    assert "Did you mean" not in production.text, production.text


REQUEST_ERRORS = {
    "parse": ("{ organizations(", {}),
    "validation": ("{ nothingHere }", {}),
    "variables": ("query($f: Int) { organizations(first: $f) { edges { cursor } } }", {"f": "x"}),
}


@pytest.mark.parametrize("request_error", REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_have_no_data_and_are_400_for_graphql_response_json(
    client: httpx.AsyncClient, request_error: tuple[str, dict[str, str]]
) -> None:
    query, variables = request_error
    body = {"query": query, "variables": variables}
    modern = await client.post(
        "/graphql", json=body, headers={"accept": "application/graphql-response+json"}
    )
    assert modern.status_code == 400
    assert modern.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in modern.json()
    assert modern.json()["errors"]
    legacy = await client.post("/graphql", json=body, headers={"accept": "application/json"})
    assert legacy.status_code == 200  # GraphQL over HTTP asks 200 of application/json
    assert "data" not in legacy.json()


async def test_field_errors_keep_data_and_200_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ organizations(first: 1000) { edges { cursor } } }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 200
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["path"] == ["organizations"]
