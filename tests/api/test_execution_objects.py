"""The short path for plain object fields and prefetched relations (api/execution.py) answers
exactly as graphql-core's general path: the same data, the same errors at the same paths."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from api.execution import Child, leaf_plans, prefetched
from api.innovex_schema import InnovexSchema
from api.schema import build_schema
from tests.api.test_execution_short_path import Thing, same_as_the_general_path, things


@strawberry.type
class Slow:
    n: int

    @strawberry.field
    async def twice(self) -> int:
        if self.n == 2:
            raise ValueError("two is too slow")
        return 2 * self.n


calls: list[str] = []


@strawberry.type
class Box:
    label: str
    thing: Thing
    maybe_thing: Thing | None
    contents: list[Thing | None]
    strict_contents: list[Thing]
    slow: list[Slow]

    @strawberry.field(metadata=prefetched("_found"))
    def found(self) -> Thing:
        calls.append(self.label)
        return found_for(self.label)


def found_for(label: str) -> Thing:
    good = things()[0]
    return Thing(**{**vars(good), "id": f"{label}-found", "name": f"found by {label}"})


class NotAThing:
    id = "x"
    name = "impostor"


def boxes() -> list[Any]:
    good, bad_null, broken_thing = things()
    values: list[dict[str, Any]] = [
        # Plain: nested objects and lists of exactly the declared class.
        {"thing": good, "maybe_thing": None, "contents": [good, good], "strict_contents": [good]},
        # A null in a non-null object field, an object of another class, an item that fails.
        {"thing": None, "maybe_thing": NotAThing(), "contents": [bad_null, good]},
        # A non-null item that fails: the whole list, then the box, are null; a null item.
        {
            "thing": good,
            "maybe_thing": good,
            "contents": [good, None],
            "strict_contents": [good, bad_null],
        },
        # Not a list where a list must be; a subclass with a broken field.
        {"thing": good, "maybe_thing": broken_thing, "contents": good, "strict_contents": []},
    ]
    found = []
    for number, fields in enumerate(values):
        box = Box(
            label=f"box{number}",
            slow=[Slow(n=1), Slow(n=2)] if number else [Slow(n=3)],
            **{"strict_contents": [], **fields},
        )
        if number % 2 == 0:  # half the boxes hold their `found` value ahead
            object.__setattr__(box, "_found", found_for(box.label))
        found.append(box)
    return found


def box_schema() -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def boxes(self) -> list[Box | None]:
            return boxes()

    return InnovexSchema(query=Query)


@pytest.mark.parametrize(
    "selection",
    [
        "label thing { id name } maybeThing { name } contents { name count }",
        "strictContents { name count } label",
        "label contents { name count }",
        "contents { colour } slow { n twice } found { id name }",
        "thing { ... on Thing { name } } maybeThing { __typename id }",
        "label found { name colours } thing @include(if: true) { count }",
    ],
)
async def test_odd_objects_give_the_same_data_and_errors_as_the_general_path(
    selection: str,
) -> None:
    await same_as_the_general_path(box_schema, f"{{ boxes {{ {selection} }} }}")


async def test_a_bad_nested_object_is_an_error_at_its_path() -> None:
    result = await box_schema().execute("{ boxes { label thing { name } } }")
    assert result.data is not None
    labels = [box and box["label"] for box in result.data["boxes"]]
    assert labels == ["box0", None, "box2", "box3"]  # a null non-null `thing` nulls its box
    assert [e.path for e in result.errors or []] == [["boxes", 1, "thing"]]

    result = await box_schema().execute("{ boxes { maybeThing { name } } }")
    assert result.data is not None
    assert [box["maybeThing"] for box in result.data["boxes"]] == [
        None,
        None,
        {"name": "a"},
        {"name": "broken"},
    ]
    assert [(e.path, e.message.split(" but ")[0]) for e in result.errors or []] == [
        (["boxes", 1, "maybeThing"], "Expected value of type 'Thing'")
    ]


async def test_a_prefetched_value_is_used_and_the_resolver_runs_without_one() -> None:
    calls.clear()
    result = await box_schema().execute("{ boxes { found { name } } }")
    assert not result.errors
    names = [f"found by box{n}" for n in range(4)]
    assert result.data == {"boxes": [{"found": {"name": name}} for name in names]}
    assert calls == ["box1", "box3"]  # the boxes that held no value ahead


def test_the_listing_organisation_is_prefetched_and_no_permission_is_skipped() -> None:
    plans = leaf_plans(build_schema(production=False)._schema)
    organization = plans["TechnologyOffer"]["organization"]
    assert isinstance(organization, Child)
    assert organization.prefetched
    assert isinstance(plans["TechnologyOfferConnection"]["edges"], Child)
    # Fields with a permission (an extension) never take a short path, prefetched or not.
    assert "contact" not in plans["TechnologyOffer"]
    assert "members" not in plans["Organization"]
