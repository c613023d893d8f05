"""One spelling for every error code: the enum name, upper case, in payload members and in
`extensions.fields` of top-level errors alike."""

from __future__ import annotations

import httpx

from tests.graphql import gql


async def test_field_codes_are_the_same_in_extensions_and_in_payloads(
    client: httpx.AsyncClient,
) -> None:
    top_level = await gql(
        client, "{ organizations(first: 1000) { edges { cursor } } }", expect_errors=True
    )
    [error] = top_level["errors"]
    assert error["extensions"]["fields"] == [
        {"path": ["first"], "code": "OUT_OF_RANGE", "message": "must be between 1 and 100"}
    ]
    payload = await gql(
        client,
        '{ search(query: "lũ", first: 1000) { ... on ValidationError { fields { path code } } } }',
    )
    assert payload["search"]["fields"] == [{"path": ["first"], "code": "OUT_OF_RANGE"}]
