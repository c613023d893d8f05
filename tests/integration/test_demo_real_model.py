"""The demo data with the real default model (issue 12): hybrid search by meaning, and market
pull calibrated across languages.

The demo is loaded once for the module in a database of its own and its public listings are
embedded with the bundled e5 (the `e5` fixture): a few minutes on a loaded machine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from functools import cache
from uuid import UUID, uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import make_sessionmaker
from db.repositories.matching_reader import SqlMatchingReader
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, PlatformRole
from domain.listings import OfferStatus
from domain.search import DocumentKind, SearchHit, SearchQuery
from domain.services import matching as uc
from domain.services.ranking import Matcher
from innovex.demo.catalogue import topics
from innovex.demo.content import generate_demo
from matching.embedder import BundledE5Embedder
from matching.indexer import index_subjects
from matching.recommend import HybridRanker
from matching.vectors import VectorSpace
from search.hybrid import HybridSearchIndex
from search.postgres import PostgresSearchIndex
from tests.conftest import disposing_engine, scratch_database
from tests.demo_search import embed_public_demo, load_demo
from tests.factories import make_offer, make_organization, make_user

pytestmark = pytest.mark.slow

MODEL = VectorSpace.default().model
Sessions = async_sessionmaker[AsyncSession]
# Digital tools for farming among the demo topics: what "chuyển đổi số nông nghiệp" means.
DIGITAL_FARMING = frozenset(
    {"smart-irrigation", "coffee-traceability", "agri-ecommerce", "saline-monitoring"}
)


@pytest.fixture(scope="module")
def demo_database_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_demo_e5") as url:
        yield url


@pytest.fixture(scope="module")
async def demo(demo_database_url: str, e5: BundledE5Embedder) -> AsyncIterator[Sessions]:
    async with disposing_engine(demo_database_url, pool_size=2) as engine:
        sessions = make_sessionmaker(engine)
        await load_demo(engine, sessions)
        assert await embed_public_demo(sessions, e5, MODEL) > 100
        yield sessions


@cache
def topic_of_title() -> dict[str, str]:
    data = generate_demo(reference_date=date(2026, 11, 1))
    return {x.title: x.topic for x in (*data.offers, *data.initiatives, *data.needs)}


def topic(hit: SearchHit) -> str | None:
    return topic_of_title().get(hit.title)


async def test_digital_agriculture_finds_its_listings_by_meaning(
    demo: Sessions, e5: BundledE5Embedder
) -> None:
    query = SearchQuery("chuyển đổi số nông nghiệp", limit=10)

    words_only = await PostgresSearchIndex(demo).search(query)
    fused = await HybridSearchIndex(PostgresSearchIndex(demo), e5, MODEL).search(query)

    # No listing says "chuyển đổi số": all-words search finds the words scattered in two
    # listings at most (a salinity monitor, a rice-shrimp conversion).
    assert words_only.total <= 2
    by_words = [h for h in words_only.hits if topic(h) in DIGITAL_FARMING]
    listings = [h for h in fused.hits if h.kind is not DocumentKind.ORGANIZATION]
    relevant = [h.title for h in listings[:5] if topic(h) in DIGITAL_FARMING]
    assert len(relevant) >= 3 > len(by_words), [(h.title, topic(h)) for h in listings]


async def potential_pull(session: AsyncSession, offer_id: UUID) -> float:
    staff = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))
    matcher = Matcher(SqlMatchingReader(session), HybridRanker(), MODEL)
    result = await uc.commercialisation_potential(
        SqlUnitOfWork(session), matcher, staff, "offer", offer_id
    )
    return next(c.value for c in result.components if c.name == "market_pull")


async def test_the_same_offer_in_vietnamese_and_english_gets_a_close_market_pull(
    demo: Sessions, e5: BundledE5Embedder
) -> None:
    """Every demo topic listed twice by a new supplier, once in each language, against the
    demo's open needs (four in five Vietnamese)."""
    async with demo() as session:
        owner = await make_user(session)
        org = await make_organization(session, owner.user, name="Translated Offers Lab")
        pairs: dict[str, tuple[UUID, UUID]] = {}
        for t in topics():
            ids = []
            for text in (t.vi, t.en):
                offer = await make_offer(
                    session,
                    owner.user,
                    org,
                    status=OfferStatus.LISTED,
                    title=text.title,
                    summary=text.summary,
                    keywords=text.keywords,
                )
                ids.append(offer.id)
            pairs[t.slug] = (ids[0], ids[1])
        await index_subjects(
            session, e5, MODEL, {"offer": {i for pair in pairs.values() for i in pair}}
        )

        pull = {
            slug: (await potential_pull(session, vi), await potential_pull(session, en))
            for slug, (vi, en) in pairs.items()
        }
        await session.rollback()

    gaps = sorted(abs(vi - en) for vi, en in pull.values())
    # The language bias is gone on average (before: e5 put every demo listing at 1.0, MiniLM
    # put Vietnamese ones at 1.0 and English ones near 0; the listing-side standing left a mean
    # gap of 0.078) ...
    assert sum(gaps) / len(gaps) <= 0.05, gaps
    # ... and nine pairs in ten agree within 0.1 (measured 39/41, max 0.14; listing-side 28/41):
    # each need is measured against listings of the listing's own language, so the offset e5
    # puts between a need's language and the listing's cancels (notes/vietnamese-matching.md,
    # section 10).
    assert sum(1 for g in gaps if g <= 0.1) >= 0.9 * len(gaps), gaps
    assert max(gaps) <= 0.2 + 1e-9, gaps
    values = [v for pair in pull.values() for v in pair]
    assert max(values) < 0.999  # not saturated: no topic has five open needs in the demo
    assert len({round(v, 2) for v in values}) > 5
