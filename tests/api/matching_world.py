"""The world the matching GraphQL tests ask about, and their queries. Vectors come from a
bag-of-words fake embedder run by the real worker handlers (search indexer + embedder)
over the outbox; ranking is the production SQL. The fixture `world` reaches every test
through `pytest_plugins` in tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from api.deps import ApiDeps
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
