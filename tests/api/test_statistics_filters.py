"""The funnel and its top provinces and fields under every combination of filters: each
grouping is read from the rollup that fits the filters (migration 0019), and all agree."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import PlatformRole
from tests.api.test_statistics import STATS, portal_activity, this_month
from tests.factories import make_user
from tests.graphql import gql


@pytest.mark.parametrize(
    ("provinces", "fields", "received", "published", "top_provinces", "top_fields"),
    [
        (None, None, 3, 2, [("can-tho", 2, 2), ("ha-noi", 1, 0)], [("207", 2, 2), ("202", 1, 0)]),
        (["ha-noi"], None, 1, 0, [("ha-noi", 1, 0)], [("202", 1, 0)]),
        (None, ["207"], 2, 2, [("can-tho", 2, 2)], [("207", 2, 2)]),
        (["can-tho", "ha-noi"], ["202"], 1, 0, [("ha-noi", 1, 0)], [("202", 1, 0)]),
    ],
)
async def test_the_funnel_agrees_with_its_filters(
    client: httpx.AsyncClient,
    session: AsyncSession,
    provinces: list[str] | None,
    fields: list[str] | None,
    received: int,
    published: int,
    top_provinces: list[tuple[str, int, int]],
    top_fields: list[tuple[str, int, int]],
) -> None:
    await portal_activity(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    month = this_month()
    variables = {"p": month, "pr": provinces, "f": fields}
    stats = (await gql(client, STATS, variables, token=operator.token))["statistics"]
    totals = {f["stage"]: f["total"] for f in stats["funnel"]}
    assert (totals["RECEIVED"], totals["PUBLISHED"]) == (received, published)
    by_month = next(f for f in stats["funnel"] if f["stage"] == "RECEIVED")["byMonth"]
    assert by_month == [{"bucket": month, "count": received}]
    places = [(p["code"], p["received"], p["published"]) for p in stats["topProvinces"]]
    assert places == top_provinces
    assert [(f["code"], f["received"], f["published"]) for f in stats["topFields"]] == top_fields
