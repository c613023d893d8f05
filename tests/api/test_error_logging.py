"""Client mistakes are logged at INFO without a traceback; only faults are logged as ERROR,
with the traceback and the request id."""

from __future__ import annotations

import logging

import httpx
import pytest

from api.app import create_app
from api.deps import ApiDeps
from tests.exploding_hasher import ExplodingHasher

CLIENT_MISTAKES = {
    "invalid-global-id": ('{ node(id: "not a global id") { id } }', None),
    "sign-in-first": ("{ notifications { nodes { kind } } }", "NOTAUTHENTICATED"),
    "first-out-of-range": ("{ organizations(first: 1000) { edges { cursor } } }", "INVALIDINPUT"),
    "validation": ("{ nothingHere }", None),
    "unstorable-text": ('{ organizations(provinceCode: "a\\u0000") { edges { cursor } } }', None),
}


@pytest.mark.parametrize("mistake", CLIENT_MISTAKES.values(), ids=CLIENT_MISTAKES.keys())
async def test_client_mistakes_log_at_info_without_a_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, mistake: tuple[str, str | None]
) -> None:
    query, code = mistake
    caplog.set_level(logging.DEBUG)
    response = await client.post("/graphql", json={"query": query})
    [error] = response.json()["errors"]
    assert "Unexpected error" not in error["message"]
    if code is not None:
        assert error["extensions"]["code"].startswith(code)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert [r for r in caplog.records if r.exc_info] == []
    logged = [r for r in caplog.records if r.name == "innovex.api" and r.levelno == logging.INFO]
    assert [r.getMessage() for r in logged] == ["client error"]
    assert logged[0].error == error["message"]  # type: ignore[attr-defined]


async def test_faults_log_one_error_with_the_traceback(
    api_deps: ApiDeps, caplog: pytest.LogCaptureFixture
) -> None:
    api_deps.password_hasher = ExplodingHasher()
    transport = httpx.ASGITransport(app=create_app(api_deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        await client.post(
            "/graphql",
            json={
                "query": 'mutation { signUp(input: {email: "x@example.vn", password: "long enough pw", displayName: "X"}) { __typename } }'
            },
        )
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].exc_info is not None
    assert "hasher broke" in str(errors[0].exc_info[1])
