"""Guessable passwords are refused, and account-management answers do not reveal which emails
have accounts."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import users
from tests.graphql import gql, invalid

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ... on ValidationError { fields { path code } }
  }
}"""


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "password1234", "qwertyuiop123", "mai.anh@example.vn", "Mai Anh 2026"],
)
async def test_a_guessable_password_is_refused_as_too_weak_and_nothing_is_written(
    client: httpx.AsyncClient, session: AsyncSession, password: str
) -> None:
    before = await session.scalar(select(func.count()).select_from(users))
    data = await gql(
        client,
        SIGN_UP,
        {"input": {"email": "mai.anh@example.vn", "password": password, "displayName": "Mai Anh"}},
    )
    assert data["signUp"] == invalid("password", "TOO_WEAK")
    assert await session.scalar(select(func.count()).select_from(users)) == before


async def test_a_long_unusual_password_is_accepted(client: httpx.AsyncClient) -> None:
    data = await gql(
        client,
        SIGN_UP,
        {"input": {"email": "b@example.vn", "password": "mật khẩu dài", "displayName": "B"}},
    )
    assert data["signUp"]["__typename"] == "SignedUp"
