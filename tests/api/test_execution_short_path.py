"""The short path for plain leaf fields (api/execution.py) answers exactly as graphql-core's
general path: the same pages, the same errors at the same paths, the same nulls."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import Any

import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context, SessionHolder
from api.deps import ApiDeps
from api.execution import leaf_plans
from api.innovex_schema import InnovexSchema
from api.schema import build_schema
from domain.listings import OfferStatus
from domain.search import DocumentKind, SearchDocument
from tests.factories import make_offer, make_organization, make_user

# Fields with a resolver (description, organization) between plain ones: the response keeps
# the selection's order either way.
LISTING = """{ technologyOffers(first: 20) { edges { cursor node {
  id title summary trl ipStatus ipNumber fieldCode keywords transferModes terms priceMinVnd
  priceMaxVnd description provinceCode organization { id name kind provinceCode verified }
  status revision expiresAt createdAt updatedAt statusChangedAt } } } }"""
SEARCH = """query($q: String!) { search(query: $q, first: 20) { __typename
  ... on SearchResults { totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind entityId title score organizationVerified similarCount
      highlights { field snippet } } }
    facets { name values { value count } } } } }"""


def in_order(data: Any) -> str:
    """The response as sent: keys in the selection's order (dict equality would ignore it)."""
    return json.dumps(data, ensure_ascii=False)


def general(schema: strawberry.Schema) -> strawberry.Schema:
    """The same schema executed by strawberry's own execution context only."""
    schema.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return schema


async def same_as_the_general_path(make: Callable[[], strawberry.Schema], query: str) -> None:
    """`query` gives the same data (key order included) and errors both ways."""
    fast = await make().execute(query)
    slow = await general(make()).execute(query)
    assert in_order(fast.data) == in_order(slow.data)
    assert [(e.message, e.path) for e in fast.errors or []] == [
        (e.message, e.path) for e in slow.errors or []
    ]


async def execute(
    schema: strawberry.Schema, deps: ApiDeps, query: str, variables: dict[str, Any] | None = None
) -> Any:
    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})
    holder = SessionHolder(deps)
    try:
        return await schema.execute(
            query,
            variable_values=variables,
            context_value=Context(request=request, deps=deps, holder=holder),
        )
    finally:
        await holder.close()


async def test_listing_and_search_pages_are_the_same_as_through_the_general_path(
    session: AsyncSession, api_deps: ApiDeps
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user, verified=True)
    for n in range(3):
        await make_offer(
            session,
            owner.user,
            org,
            status=OfferStatus.LISTED,
            title=f"Máy sấy bơm nhiệt kiểu {n} zqxshort",
            terms=None if n == 0 else "Phí một lần.",
            price_min_vnd=None if n == 0 else 10**9,
            keywords=() if n == 1 else ("sấy lạnh", "bơm nhiệt"),
        )
    await session.commit()
    index = api_deps.require_search_index()
    await index.upsert(
        [
            SearchDocument(
                id=f"offer:00000000-0000-4000-8000-{n:012x}",
                kind=DocumentKind.OFFER,
                title=f"Máy sấy zqxshort {n}",
                status="listed",
            )
            for n in range(3)
        ]
    )

    short, reference = build_schema(production=False), general(build_schema(production=False))
    for query, variables in ((LISTING, None), (SEARCH, {"q": "zqxshort"})):
        fast = await execute(short, api_deps, query, variables)
        slow = await execute(reference, api_deps, query, variables)
        assert fast.errors is None
        assert in_order(fast.data) == in_order(slow.data)
    page = fast.data["search"]
    assert page["totalCount"] == 3
    offers = (await execute(short, api_deps, LISTING)).data["technologyOffers"]["edges"]
    # Anonymous: the confidential description stays behind its permission, short path or not.
    assert {edge["node"]["description"] for edge in offers} == {None}
    assert {edge["node"]["terms"] for edge in offers} >= {None, "Phí một lần."}


def test_the_plain_fields_of_the_big_pages_take_the_short_path() -> None:
    plans = leaf_plans(build_schema(production=False)._schema)
    assert {"id", "title", "keywords", "transferModes", "status"} <= plans["TechnologyOffer"].keys()
    assert {"id", "kind", "title"} <= plans["SearchHit"].keys()
    # A field with a resolver or a permission never does (prefetched relations aside:
    # tests/api/test_execution_objects.py).
    assert "description" not in plans["TechnologyOffer"]
    assert "contact" not in plans["TechnologyOffer"]


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Thing(relay.Node):
    id: relay.NodeID[str]
    name: str
    nickname: str | None
    colour: Colour
    maybe_colour: Colour | None
    colours: list[Colour]
    loose_colours: list[Colour | None]
    count: int


class BrokenThing(Thing):
    """A Thing whose count raises when read."""

    @property  # type: ignore[misc]
    def count(self) -> int:
        raise RuntimeError("cannot count")


def broken() -> BrokenThing:
    thing = object.__new__(BrokenThing)
    values: dict[str, Any] = {
        "id": "b",
        "name": "broken",
        "nickname": None,
        "colour": Colour.RED,
        "maybe_colour": None,
        "colours": [],
        "loose_colours": [],
    }
    for name, value in values.items():
        object.__setattr__(thing, name, value)
    return thing


def things() -> list[Any]:
    good = Thing(
        id="1",
        name="a",
        nickname=None,
        colour=Colour.RED,
        maybe_colour=Colour.BLUE,
        colours=[Colour.RED, Colour.BLUE],
        loose_colours=[None, Colour.RED],
        count=3,
    )
    bad_null = Thing(
        id="2",
        name=None,  # type: ignore[arg-type]
        nickname="n",
        colour=Colour.BLUE,
        maybe_colour="not a colour",  # type: ignore[arg-type]
        colours=[Colour.RED, None],  # type: ignore[list-item]
        loose_colours=("x",),  # type: ignore[arg-type]
        count="three",  # type: ignore[arg-type]
    )
    return [good, bad_null, broken()]


def thing_schema() -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def things(self) -> list[Thing | None]:
            return things()

    return InnovexSchema(query=Query)


@pytest.mark.parametrize(
    "selection",
    [
        "id name nickname colour maybeColour colours looseColours count",
        "name",
        "maybeColour colours",
        "looseColours count",
        "id @include(if: true) name @skip(if: false)",
    ],
)
async def test_odd_values_give_the_same_data_and_errors_as_the_general_path(
    selection: str,
) -> None:
    await same_as_the_general_path(thing_schema, f"{{ things {{ {selection} }} }}")


async def test_a_null_in_a_non_null_plain_field_is_an_error_at_its_path() -> None:
    result = await thing_schema().execute("{ things { name colour count } }")
    assert result.data == {"things": [{"name": "a", "colour": "RED", "count": 3}, None, None]}
    assert [(e.message, e.path) for e in result.errors or []] == [
        ("Cannot return null for non-nullable field Thing.name.", ["things", 1, "name"]),
        ("cannot count", ["things", 2, "count"]),
    ]
