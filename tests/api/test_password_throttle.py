"""signIn and signUp cannot be used to burn CPU or to guess passwords at speed."""

from __future__ import annotations

import threading

import httpx
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import auth_tokens
from security.passwords import Argon2PasswordHasher
from tests.factories import PASSWORD, make_user
from tests.graphql import gql

SIGN_IN = """
mutation($email: String!, $password: String!) {
  signIn(input: {email: $email, password: $password}) {
    __typename
    ... on NotAuthenticated { code }
    ... on Throttled { retryAfterSeconds message }
  }
}"""


async def test_a_second_sign_in_in_one_document_is_refused_and_nothing_runs(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, email="hai@example.vn")
    before = await session.scalar(select(func.count()).select_from(auth_tokens))
    query = f"""mutation {{
      a: signIn(input: {{email: "{user.user.email}", password: "{PASSWORD}"}}) {{ __typename }}
      b: signIn(input: {{email: "{user.user.email}", password: "{PASSWORD}"}}) {{ __typename }}
    }}"""
    body = await gql(client, query, expect_errors=True)
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_EXPENSIVE_FIELDS"]
    assert await session.scalar(select(func.count()).select_from(auth_tokens)) == before

    mixed = """mutation {
      a: signIn(input: {email: "x@example.vn", password: "whatever whatever"}) { __typename }
      b: signUp(input: {email: "y@example.vn", password: "whatever whatever", displayName: "Y"}) {
        __typename }
    }"""
    body = await gql(client, mixed, expect_errors=True)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TOO_MANY_EXPENSIVE_FIELDS"]


async def test_wrong_passwords_for_one_account_are_throttled_with_a_retry_hint(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="ba@example.vn")
    answers = [
        (await gql(client, SIGN_IN, {"email": "ba@example.vn", "password": f"wrong guess {i}"}))[
            "signIn"
        ]
        for i in range(7)
    ]
    assert [a["__typename"] for a in answers] == ["NotAuthenticated"] * 5 + ["Throttled"] * 2
    assert 0 < answers[-1]["retryAfterSeconds"] <= 15 * 60
    # While throttled, even the right password waits: guessing gains nothing.
    right = await gql(client, SIGN_IN, {"email": "ba@example.vn", "password": PASSWORD})
    assert right["signIn"]["__typename"] == "Throttled"
    # Another account from the same address is not locked out by these failures.
    other = await make_user(session, email="bon@example.vn")
    ok = await gql(client, SIGN_IN, {"email": other.user.email, "password": PASSWORD})
    assert ok["signIn"]["__typename"] == "SignedIn"


async def test_attempts_from_one_address_are_throttled_across_accounts(
    client: httpx.AsyncClient,
) -> None:
    kinds = [
        (await gql(client, SIGN_IN, {"email": f"n{i}@example.vn", "password": "sai mật khẩu"}))[
            "signIn"
        ]["__typename"]
        for i in range(22)
    ]
    assert kinds == ["NotAuthenticated"] * 20 + ["Throttled"] * 2


class _RecordingArgon2(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.threads: set[int] = set()

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.threads.add(threading.get_ident())
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        self.threads.add(threading.get_ident())
        return super().verify(hash, password)


async def test_argon2_runs_off_the_event_loop() -> None:
    recording = _RecordingArgon2()
    hasher = Argon2PasswordHasher(recording)
    stored = await hasher.hash("một mật khẩu dài")
    assert await hasher.verify(stored, "một mật khẩu dài")
    assert recording.threads
    assert threading.get_ident() not in recording.threads
