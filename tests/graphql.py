"""Calling the GraphQL endpoint over HTTP, as a client would."""

from __future__ import annotations

from typing import Any

import httpx
from strawberry import relay

# The error members of every mutation's payload union, each code under its own alias.
ERRORS = """
  ... on ValidationError { fields { path code } }
  ... on NotAuthenticated { authCode: code }
  ... on NotAllowed { notAllowedCode: code }
  ... on NotFound { message }
  ... on Conflict { conflictCode: code }
"""


def gid(type_name: str, value: object) -> str:
    """A node's global ID, as a client sends it."""
    return str(relay.GlobalID(type_name, str(value)))


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    expect_errors: bool = False,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    if not expect_errors:
        return data_of(response)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def data_of(response: httpx.Response) -> dict[str, Any]:
    """The data of an answer that succeeded: HTTP 200 and no errors."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


# What an error member of a payload reads as, selected with ERRORS.
def not_authenticated(code: str) -> dict[str, str]:
    return {"__typename": "NotAuthenticated", "authCode": code}


def not_allowed(code: str) -> dict[str, str]:
    return {"__typename": "NotAllowed", "notAllowedCode": code}


def conflict(code: str) -> dict[str, str]:
    return {"__typename": "Conflict", "conflictCode": code}


def invalid(path: str, code: str) -> dict[str, Any]:
    """A ValidationError on one top-level input field."""
    return {"__typename": "ValidationError", "fields": [{"path": [path], "code": code}]}
