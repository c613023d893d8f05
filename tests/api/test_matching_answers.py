"""Matching over GraphQL: what the answers hold for a need's owner, an operator, a fund and
an offer's owner, and the commercialisation potential. The world asked about is in
matching_world."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.listings import OfferStatus
from tests.api.matching_world import (
    MATCHING_NEEDS,
    OPPORTUNITIES,
    POTENTIAL,
    RECOMMEND,
    SIMILAR,
    World,
)
from tests.factories import make_offer, make_organization, make_user
from tests.graphql import gql
from tests.matching_support import drain


async def test_need_owner_gets_the_sensor_company_first_with_an_explanation(
    client: httpx.AsyncClient, world: World
) -> None:
    result = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token))[
        "recommendedSuppliers"
    ]
    assert result["__typename"] == "RecommendedSuppliers"
    assert result["embedded"] is True
    names = [s["organization"]["name"] for s in result["suppliers"]]
    assert names[0] == "Hydrology Sensors JSC"
    assert "Lotus Cosmetics Lab" in names
    assert names.index("Lotus Cosmetics Lab") > 0
    assert "Sở Tài nguyên Đồng Tháp" not in names  # the asker is not their own supplier
    best = result["suppliers"][0]
    assert best["rank"] == 1
    titles = [listing["title"] for listing in best["bestListings"]]
    assert titles[0] in {
        "IoT water level sensor for flood warning",
        "Low-cost flood sensor buoy for river monitoring",
    }
    assert "Unreleased flood sensor prototype draft" not in json.dumps(result)
    top = next(
        x for x in best["bestListings"] if x["title"] == "IoT water level sensor for flood warning"
    )
    assert top["kind"] == "OFFER"
    assert top["id"] == world.flood_offer_id
    assert top["similarity"] > 0.3
    # matched words are quoted as the phrases the need wrote, not one by one
    assert "flood warning" in top["matchedTerms"]
    assert "river water level" in top["matchedTerms"]
    assert {"flood", "sensor"} <= {w for t in top["matchedTerms"] for w in t.lower().split()}
    checks = {c["name"]: c["outcome"] for c in top["checks"]}
    assert checks == {
        "TRL": "PASSED",
        "FIELD": "PASSED",
        "PROVINCE": "PASSED",
        "IP_STATUS": "PASSED",
        "TRACK_RECORD": "FAILED",
    }
    assert best["dealCount"] == 0


async def test_operators_may_ask_and_first_is_bounded(
    client: httpx.AsyncClient, world: World
) -> None:
    one = (
        await gql(client, RECOMMEND, {"id": world.need_id, "first": 1}, token=world.operator.token)
    )["recommendedSuppliers"]
    assert [s["organization"]["name"] for s in one["suppliers"]] == ["Hydrology Sensors JSC"]
    too_many = (
        await gql(client, RECOMMEND, {"id": world.need_id, "first": 500}, token=world.asker.token)
    )["recommendedSuppliers"]
    assert too_many["__typename"] == "ValidationError"
    assert too_many["fields"] == [{"path": ["first"], "code": "OUT_OF_RANGE"}]
    wrong_kind = (
        await gql(client, RECOMMEND, {"id": world.flood_offer_id}, token=world.asker.token)
    )["recommendedSuppliers"]
    assert wrong_kind["__typename"] == "ValidationError"


async def test_fund_gets_fitting_opportunities_only_for_its_members(
    client: httpx.AsyncClient, world: World
) -> None:
    for token in (None, world.stranger.token, world.asker.token):
        denied = (await gql(client, OPPORTUNITIES, {"id": world.fund_id}, token=token))[
            "matchedOpportunities"
        ]
        assert denied["__typename"] == "NotAllowed"
    found = (
        await gql(client, OPPORTUNITIES, {"id": world.fund_id}, token=world.fund_member.token)
    )["matchedOpportunities"]
    titles = [o["title"] for o in found["opportunities"]]
    assert titles[0] in {
        "IoT water level sensor for flood warning",
        "Low-cost flood sensor buoy for river monitoring",
    }
    assert titles.index("Green tea herbal skin cream") >= 2
    sensor = next(o for o in found["opportunities"] if o["title"].startswith("IoT water"))
    checks = {c["name"]: c["outcome"] for c in sensor["checks"]}
    assert checks["TRL"] == "PASSED"  # 7 within 5-8
    assert checks["PROVINCE"] == "PASSED"
    cream = next(o for o in found["opportunities"] if o["title"].startswith("Green tea"))
    assert {c["name"]: c["outcome"] for c in cream["checks"]}["TRL"] == "FAILED"  # 9 > 8


async def test_offer_owner_sees_matching_needs_and_likely_duplicates(
    client: httpx.AsyncClient, world: World
) -> None:
    denied = (
        await gql(client, MATCHING_NEEDS, {"id": world.flood_offer_id}, token=world.asker.token)
    )["matchingNeeds"]
    assert denied["__typename"] == "NotAllowed"
    needs = (
        await gql(client, MATCHING_NEEDS, {"id": world.flood_offer_id}, token=world.hydro.token)
    )["matchingNeeds"]["needs"]
    assert needs[0]["title"] == "Flood early warning with river water level sensors"
    assert {c["name"]: c["outcome"] for c in needs[0]["checks"]} == {
        "TRL": "PASSED",
        "FIELD": "PASSED",
        "PROVINCE": "PASSED",
    }

    similar = (await gql(client, SIMILAR, {"id": world.flood_offer_id}, token=world.hydro.token))[
        "similarListings"
    ]["listings"]
    titles = [s["listing"]["title"] for s in similar]
    assert "IoT water level sensor for flood warning" not in titles  # not itself
    assert "Unreleased flood sensor prototype draft" not in titles  # public only
    assert titles[0] == "Rain gauge telemetry for reservoirs" or titles[0].startswith("Green")
    assert all(s["likelyDuplicate"] is False for s in similar)
    stranger = (
        await gql(client, SIMILAR, {"id": world.flood_offer_id}, token=world.stranger.token)
    )["similarListings"]
    assert stranger["__typename"] == "NotAllowed"


# English offers of the rest of the exchange: market pull counts a need by how far the flood
# offer stands above these (and the world's other English offers) on it.
OTHER_OFFERS = (
    "Water treatment for shrimp ponds in the delta",
    "Rice drying with solar heat after the harvest",
    "Landslide warning from rain sensors on mountain roads",
    "Cold storage for tuna on fishing boats",
    "Traceability of export coffee from farm to port",
    "Speech recognition for public service hotlines",
    "Drip irrigation controller for dragon fruit farms",
    "Water quality sensor for aquaculture ponds",
    "River sand mining monitoring with drones",
    "Solar pumps for village water supply",
    "Early warning of salt intrusion in river estuaries",
    "Smart street lighting with motion sensors",
    "Biogas from pig farm waste",
    "Level gauge for rice warehouse silos",
    "Mobile clinic booking for rural health stations",
    "Air quality network for industrial parks",
    "Network of weather stations for farms",
    "Fish feed from insect protein",
    "Bridge vibration monitoring with wireless sensors",
    "Flood insurance pricing from satellite images",
    "Plastic waste sorting with machine vision",
    "Village radio alerts for storms",
)


async def test_commercialisation_potential_explains_its_components(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    other = await make_user(session)
    suppliers = await make_organization(session, other.user, name="Other suppliers")
    for title in OTHER_OFFERS:
        await make_offer(
            session,
            other.user,
            suppliers,
            status=OfferStatus.LISTED,
            title=title,
            summary=f"{title}, ready to deploy.",
            terms=None,
            keywords=(),
        )
    await session.commit()
    await drain(sessions, world.embedder)

    result = (await gql(client, POTENTIAL, {"id": world.flood_offer_id}))[
        "commercialisationPotential"
    ]
    assert result["__typename"] == "CommercialisationPotential"
    parts = {c["name"]: c for c in result["components"]}
    assert set(parts) == {"trl", "ip_status", "market_pull", "interest"}
    assert parts["trl"]["value"] == pytest.approx(6 / 8)
    assert parts["ip_status"]["value"] == 1.0
    assert parts["market_pull"]["value"] > 0  # the open flood need matches
    assert parts["market_pull"]["detail"].startswith("1 open need match")
    assert parts["market_pull"]["detail"].endswith(
        "comparable listings in other languages than Vietnamese)"
    )
    assert parts["interest"]["value"] == 0.0
    assert result["score"] == pytest.approx(
        sum(c["contribution"] for c in result["components"]), abs=0.1
    )
    cream = (await gql(client, POTENTIAL, {"id": world.cosmetics_offer_id}))[
        "commercialisationPotential"
    ]
    assert cream["score"] < result["score"]
