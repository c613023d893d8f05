"""schemathesis checks for this API (loaded through SCHEMATHESIS_HOOKS by the fuzz test).

schemathesis's own GraphQL check counts every entry of `errors` as a server error; here expected
failures of queries (Sign in first., `first` out of range, a malformed global id) are top-level
errors by design. A server error is a 5xx or an error masked as INTERNAL."""

from __future__ import annotations

import json

import schemathesis
from graphql import StringValueNode
from hypothesis import strategies as st

# The API's own scalars, sent as strings: mostly well-formed numbers, sometimes any text.
_numbers = st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str)
_integers = st.integers(min_value=-(10**20), max_value=10**20).map(str)
for _name, _strategy in (("Decimal", _numbers), ("VND", _integers)):
    schemathesis.graphql.scalar(
        _name, st.one_of(_strategy, st.text(max_size=20)).map(lambda v: StringValueNode(value=v))
    )
# Files come in multipart requests, which the fuzzer does not send; a value in the document
# must be refused as a typed error, never a server error.
schemathesis.graphql.scalar("Upload", st.text(max_size=20).map(lambda v: StringValueNode(value=v)))
# JSON (pushed listings): any text as a string literal; the standard's validation must refuse it
# as a typed error.
schemathesis.graphql.scalar("JSON", st.text(max_size=40).map(lambda v: StringValueNode(value=v)))


@schemathesis.check
def no_server_error(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(f"not JSON: {response.text[:500]}") from None
    for error in body.get("errors") or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL":
            raise AssertionError(f"INTERNAL error: {json.dumps(error)[:500]}")
