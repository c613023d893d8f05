"""Matching over GraphQL: who may ask, what the answers hold, and that nothing confidential
ever comes back. Vectors come from a bag-of-words fake embedder run by the real worker
handlers (search indexer + embedder) over the outbox; ranking is the production SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from api.deps import ApiDeps
from db.tables import embeddings
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, OrganizationKind, PlatformRole
from domain.listings import FundThesis, InitiativeStatus, IpStatus, NeedStatus, OfferStatus
from domain.services import listings as lc
from matching.vectors import VectorSpace
from tests.factories import (
    SignedInUser,
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_user,
)
from tests.graphql import gql
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain

SECRET = "XQZ-CONFIDENTIAL-7731"

RECOMMEND = """
query($id: ID!, $first: Int! = 10) {
  recommendedSuppliers(needId: $id, first: $first) {
    __typename
    ... on RecommendedSuppliers {
      embedded
      suppliers {
        rank score dealCount
        organization { name }
        checks { name outcome detail }
        bestListings { id kind title similarity matchedTerms checks { name outcome } }
      }
    }
    ... on NotAllowed { code message }
    ... on NotFound { message }
    ... on ValidationError { fields { path code } }
  }
}"""

OPPORTUNITIES = """
query($id: ID!) {
  matchedOpportunities(fundId: $id) {
    __typename
    ... on MatchedOpportunities {
      opportunities { kind title similarity matchedTerms checks { name outcome detail } }
    }
    ... on NotAllowed { code }
  }
}"""

MATCHING_NEEDS = """
query($id: ID!) {
  matchingNeeds(offerId: $id) {
    __typename
    ... on MatchingNeeds { needs { kind title similarity matchedTerms checks { name outcome } } }
    ... on NotAllowed { code }
  }
}"""

SIMILAR = """
query($id: ID!) {
  similarListings(id: $id) {
    __typename
    ... on SimilarListings { listings { likelyDuplicate listing { title similarity } } }
    ... on NotAllowed { code }
  }
}"""

POTENTIAL = """
query($id: ID!) {
  commercialisationPotential(listingId: $id) {
    __typename
    ... on CommercialisationPotential {
      score components { name value weight contribution detail }
    }
    ... on NotFound { message }
  }
}"""


def gid(type_name: str, value: object) -> str:
    return str(relay.GlobalID(type_name, str(value)))


@dataclass
class World:
    asker: SignedInUser
    stranger: SignedInUser
    operator: SignedInUser
    hydro: SignedInUser
    fund_member: SignedInUser
    need_id: str
    flood_offer_id: str
    cosmetics_offer_id: str
    initiative_id: str
    fund_id: str
    embedder: BagOfWordsEmbedder
    hydro_org_id: UUID


@pytest.fixture
async def world(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], api_deps: ApiDeps
) -> World:
    api_deps.vector_space = VectorSpace(FAKE_MODEL)
    asker = await make_user(session)
    agency = await make_organization(
        session, asker.user, name="Sở Tài nguyên Đồng Tháp", kind=OrganizationKind.AGENCY
    )
    need = await make_need(
        session,
        asker.user,
        agency,
        status=NeedStatus.OPEN,
        title="Flood early warning with river water level sensors",
        problem_statement="Villages need an IoT network of water level sensors on the river "
        "that sends a flood warning by SMS.",
        desired_outcome="Flood warning two hours ahead.",
        constraints="Solar powered sensors.",
        keywords=("flood", "sensor"),
        min_trl=6,
        field_code="202",
        province_code="dong-thap",
        contact_name=f"Contact {SECRET}",
        contact_email="secret@example.vn",
    )

    hydro = await make_user(session)
    hydro_org = await make_organization(session, hydro.user, name="Hydrology Sensors JSC")
    flood_offer = await make_offer(
        session,
        hydro.user,
        hydro_org,
        status=OfferStatus.LISTED,
        title="IoT water level sensor for flood warning",
        summary="Solar powered river water level sensor network with SMS flood warning.",
        description=f"Circuit design {SECRET} and firmware keys.",
        keywords=("flood", "water level", "sensor"),
        trl=7,
        field_code="202",
        province_code="dong-thap",
        ip_status=IpStatus.GRANTED,
        ip_number="1-2024-00001",
        contact_name=f"Engineer {SECRET}",
    )
    # A second public listing of the same supplier, and a draft that must never show.
    await make_offer(
        session,
        hydro.user,
        hydro_org,
        status=OfferStatus.LISTED,
        title="Rain gauge telemetry for reservoirs",
        summary="Automatic rain gauge with GSM telemetry for dam operators.",
        description=f"Draft pricing {SECRET}.",
        trl=8,
    )
    await make_offer(
        session,
        hydro.user,
        hydro_org,
        title="Unreleased flood sensor prototype draft",
        summary="Flood water level sensor prototype, not yet submitted.",
        description=f"{SECRET}",
    )

    cosmetics = await make_user(session)
    cosmetics_org = await make_organization(session, cosmetics.user, name="Lotus Cosmetics Lab")
    cosmetics_offer = await make_offer(
        session,
        cosmetics.user,
        cosmetics_org,
        status=OfferStatus.LISTED,
        title="Green tea herbal skin cream",
        summary="Natural cosmetic cream with green tea extract for sensitive skin.",
        description=f"Formula {SECRET}.",
        keywords=("cosmetics", "skin"),
        trl=9,
        field_code="301",
    )
    initiative = await make_initiative(
        session,
        hydro.user,
        hydro_org,
        status=InitiativeStatus.PUBLISHED,
        title="Low-cost flood sensor buoy for river monitoring",
        summary="A floating water level sensor buoy for flood monitoring on rivers.",
        description=f"Secret buoy design {SECRET}.",
        solution=f"Secret solution {SECRET}.",
        keywords=("flood", "buoy"),
        trl=6,
    )

    fund_member = await make_user(session)
    fund_org = await make_organization(
        session, fund_member.user, name="Mekong Climate Fund", kind=OrganizationKind.FUND
    )
    saved = await lc.upsert_fund_profile(
        SqlUnitOfWork(session),
        Actor(
            email_verified=True,
            user_id=fund_member.user.id,
            memberships={fund_org.id: MemberRole.OWNER},
        ),
        organization_id=fund_org.id,
        content=FundThesis(
            thesis="Climate adaptation: flood warning, water level sensors and river monitoring.",
            trl_min=5,
            trl_max=8,
            province_codes=("dong-thap",),
        ),
    )

    stranger = await make_user(session)
    await make_organization(session, stranger.user, name="Other agency")
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    embedder = BagOfWordsEmbedder()
    assert await drain(sessions, embedder) > 0
    return World(
        asker=asker,
        stranger=stranger,
        operator=operator,
        hydro=hydro,
        fund_member=fund_member,
        need_id=gid("Need", need.id),
        flood_offer_id=gid("TechnologyOffer", flood_offer.id),
        cosmetics_offer_id=gid("TechnologyOffer", cosmetics_offer.id),
        initiative_id=gid("Initiative", initiative.id),
        fund_id=gid("FundProfile", saved.profile.id),
        embedder=embedder,
        hydro_org_id=hydro_org.id,
    )


async def test_recommended_suppliers_is_denied_to_anonymous_and_strangers(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    before = await session.scalar(select(func.count()).select_from(embeddings))
    anonymous = (await gql(client, RECOMMEND, {"id": world.need_id}))["recommendedSuppliers"]
    assert anonymous["__typename"] == "NotAllowed"
    assert anonymous["code"] == "NOT_A_MEMBER"
    stranger = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.stranger.token))[
        "recommendedSuppliers"
    ]
    assert stranger["__typename"] == "NotAllowed"
    # A supplier cannot read who else was recommended for someone's need either.
    supplier = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.hydro.token))[
        "recommendedSuppliers"
    ]
    assert supplier["__typename"] == "NotAllowed"
    assert await session.scalar(select(func.count()).select_from(embeddings)) == before


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


# Needs of the rest of the exchange: market pull counts a need by how far it stands above these.
OTHER_NEEDS = (
    "Water treatment for shrimp ponds in the delta",
    "Rice drying with solar heat after the harvest",
    "Landslide warning from rain sensors on mountain roads",
    "Cold storage for tuna on fishing boats",
    "Traceability of export coffee from farm to port",
    "Speech recognition for public service hotlines",
)


async def test_commercialisation_potential_explains_its_components(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    other = await make_user(session)
    agencies = await make_organization(
        session, other.user, name="Provincial agencies", kind=OrganizationKind.AGENCY
    )
    for title in OTHER_NEEDS:
        await make_need(
            session, other.user, agencies, status=NeedStatus.OPEN, title=title, keywords=()
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
    assert parts["interest"]["value"] == 0.0
    assert result["score"] == pytest.approx(
        sum(c["contribution"] for c in result["components"]), abs=0.1
    )
    cream = (await gql(client, POTENTIAL, {"id": world.cosmetics_offer_id}))[
        "commercialisationPotential"
    ]
    assert cream["score"] < result["score"]


async def test_no_answer_ever_contains_confidential_text(
    client: httpx.AsyncClient, world: World
) -> None:
    # Confidential text is never embedded (scores are shown to people without access) ...
    assert world.embedder.texts
    assert not any(SECRET in t for t in world.embedder.texts)
    # ... and no answer, to anyone, carries it.
    calls = [
        (RECOMMEND, world.need_id, world.asker.token),
        (RECOMMEND, world.need_id, world.operator.token),
        (OPPORTUNITIES, world.fund_id, world.fund_member.token),
        (MATCHING_NEEDS, world.flood_offer_id, world.hydro.token),
        (SIMILAR, world.flood_offer_id, world.hydro.token),
        (SIMILAR, world.need_id, world.asker.token),
        (SIMILAR, world.initiative_id, world.hydro.token),
        (POTENTIAL, world.flood_offer_id, None),
        (POTENTIAL, world.initiative_id, None),
    ]
    for query, subject, token in calls:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {"id": subject}},
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )
        assert response.status_code == 200
        assert "errors" not in response.json(), response.text
        assert SECRET not in response.text
        assert "secret@example.vn" not in response.text


async def test_a_listing_that_stops_being_public_leaves_the_answers(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    offer_id = UUID(relay.GlobalID.from_id(world.flood_offer_id).node_id)
    await lc.withdraw_offer(
        SqlUnitOfWork(session),
        Actor(
            email_verified=True,
            user_id=world.hydro.user.id,
            memberships={world.hydro_org_id: MemberRole.OWNER},
        ),
        offer_id=offer_id,
        reason=None,
        now=datetime.now(UTC),
    )
    await drain(sessions, world.embedder)
    result = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token))[
        "recommendedSuppliers"
    ]
    assert "IoT water level sensor for flood warning" not in json.dumps(result)


async def _guess_similarity(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    guess: str,
) -> tuple[float, float]:
    """An outsider writes `guess` into a draft need of their own and asks for suppliers:
    (hydro's score, the flood offer's similarity)."""
    prober = await make_user(session)
    org = await make_organization(session, prober.user, name=f"Prober {guess[:12]}")
    need = await make_need(session, prober.user, org, title=guess, problem_statement=guess)
    await drain(sessions, world.embedder)
    result = (await gql(client, RECOMMEND, {"id": gid("Need", need.id)}, token=prober.token))[
        "recommendedSuppliers"
    ]
    assert result["__typename"] == "RecommendedSuppliers", result
    hydro = next(
        s for s in result["suppliers"] if s["organization"]["name"] == "Hydrology Sensors JSC"
    )
    listing = next(
        b for b in hydro["bestListings"] if b["title"] == "IoT water level sensor for flood warning"
    )
    return hydro["score"], listing["similarity"]


async def test_a_draft_need_cannot_confirm_a_guess_of_a_confidential_description(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # Given the flood offer's confidential description "Circuit design <SECRET> and firmware
    # keys.", an outsider tries the right guess and a wrong one of the same shape.
    right = await _guess_similarity(
        client, session, sessions, world, f"Circuit design {SECRET} and firmware keys."
    )
    wrong = await _guess_similarity(
        client, session, sessions, world, "Circuit design MNO-CONFIDENTIAL-5580 and firmware keys."
    )
    # Then the scores shown cannot tell them apart: they come from public text only.
    assert right == pytest.approx(wrong, abs=1e-9)
