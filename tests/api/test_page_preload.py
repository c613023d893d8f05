"""A page of listings reads its organisations in one statement before completing its rows, when
(and only when) the client asks for them, however the selection is spelled."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from domain.listings import OfferStatus
from tests.conftest import StatementCounter
from tests.factories import make_offer, make_organization, make_user
from tests.graphql import gql

WITH_EDGES = """{ technologyOffers(first: 6) { edges { node { title organization { name } } } } }"""
WITH_FRAGMENT = """{ technologyOffers(first: 6) { nodes { ...Offer } } }
fragment Offer on TechnologyOffer { title ... on TechnologyOffer { organization { name } } }"""
WITHOUT = """{ technologyOffers(first: 6) { edges { node { title } } } }"""


@pytest.mark.parametrize("query", [WITH_EDGES, WITH_FRAGMENT])
async def test_the_organisations_of_a_page_cost_one_statement(
    client: httpx.AsyncClient,
    session: AsyncSession,
    count_queries: StatementCounter,
    query: str,
) -> None:
    owners = {}
    for n in range(3):
        owner = await make_user(session)
        org = await make_organization(session, owner.user, name=f"Viện nạp trước {n}")
        for m in range(2):
            offer = await make_offer(
                session, owner.user, org, status=OfferStatus.LISTED, title=f"Chào bán {n}-{m}"
            )
            owners[offer.content.title] = org.name
    reader = await make_user(session)

    with count_queries.counting() as statements:
        data = await gql(client, query, token=reader.token)
    asked = statements[:]
    with count_queries.counting():
        await gql(client, WITHOUT, token=reader.token)

    page = data["technologyOffers"]
    nodes = page["nodes"] if "nodes" in page else [edge["node"] for edge in page["edges"]]
    assert {n["title"]: n["organization"]["name"] for n in nodes} == owners
    # The same statements as the page without organisations, plus one.
    assert len(asked) == count_queries.count + 1, asked
    assert sum("organizations" in statement for statement in asked) == 1, asked
    # Not asked, not read.
    assert not any("organizations" in s for s in count_queries.statements)
