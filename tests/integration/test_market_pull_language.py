"""Market pull across languages on a real PostgreSQL: the worker stores each listing's detected
language, and a listing is measured against comparable listings of its language on each need.

Vectors come from `OffsetEmbedder`, which builds them the way e5 behaves (a common band, a
topic, and a language offset shared by every text of one language), so a Vietnamese listing
scores a Vietnamese need higher than its English translation does."""

from __future__ import annotations

import math
from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.outbox import SqlOutbox
from db.repositories.matching_reader import SqlMatchingReader
from db.tables import embeddings
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, PlatformRole
from domain.events import Consumer, EntityKind, ListingChanged
from domain.language import OTHER, VIETNAMESE
from domain.listings import NeedStatus, OfferStatus
from domain.potential import PotentialComponent
from domain.services import matching as uc
from domain.services.ranking import Matcher
from matching.recommend import HybridRanker
from tests.factories import make_need, make_offer, make_organization, make_user
from tests.matching_support import FAKE_MODEL, drain

DIMENSION = 384
COMMON, FLOOD, VI_AXIS, OTHER_AXIS = 0, 1, 2, 3


@dataclass(frozen=True)
class Spec:
    flood: float  # weight on the flood topic
    language: str
    own: int  # an axis of its own: what the text says besides the topic
    extra: float


class OffsetEmbedder:
    """Each registered title's text gets common + language offset + topic + its own axis."""

    model_name = FAKE_MODEL
    dimension = DIMENSION

    def __init__(self) -> None:
        self.specs: dict[str, Spec] = {}
        self.calls = 0

    def embed(self, texts: list[str], *, query: bool = False) -> list[list[float]]:
        self.calls += 1
        return [self._vector(t) for t in texts]

    def _vector(self, text: str) -> list[float]:
        [spec] = [s for title, s in self.specs.items() if title in text]
        v = [0.0] * DIMENSION
        v[COMMON] = math.sqrt(0.55)
        v[VI_AXIS if spec.language == VIETNAMESE else OTHER_AXIS] = math.sqrt(0.08)
        v[FLOOD] = spec.flood
        v[spec.own] = spec.extra
        norm = math.sqrt(sum(x * x for x in v))
        return [x / norm for x in v]


@dataclass
class Exchange:
    vi_offer: UUID
    en_offer: UUID


VI_OFFER = ("Cảm biến mực nước cảnh báo lũ", "Mạng cảm biến đo mực nước sông, gửi tin nhắn.")
EN_OFFER = ("Water level sensor for flood warning", "River water level sensor network with SMS.")
SECRET = "SECRET-FORMULA-42"


async def exchange(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    embedder: OffsetEmbedder,
    *,
    english_peers: int = 24,
) -> Exchange:
    """Three open flood needs (two Vietnamese, one English), 24 Vietnamese and
    `english_peers` English offers on other subjects touching floods a little, and the
    same flood sensor listed in both languages by a third organisation."""
    people = await make_user(session)
    agency = await make_organization(session, people.user, name="Flood agency")
    suppliers = await make_organization(session, people.user, name="Other suppliers")
    lab = await make_organization(session, people.user, name="Translated sensors lab")
    specs = embedder.specs
    for i, (title, language) in enumerate(
        [
            ("Cảnh báo lũ sớm cho làng ven sông", VIETNAMESE),
            ("Hệ thống báo lũ cho thượng nguồn", VIETNAMESE),
            ("Early flood warning for river villages", OTHER),
        ]
    ):
        specs[title] = Spec(0.45, language, 10 + i, 0.3)
        await make_need(session, people.user, agency, status=NeedStatus.OPEN, title=title)
    peers = [
        (f"Thiết bị số {i} cho đồng bằng", "Sản phẩm đã được thử nghiệm ở tỉnh.", VIETNAMESE)
        for i in range(24)
    ] + [
        (f"Background device {i} for the delta", "Tested in the province.", OTHER)
        for i in range(english_peers)
    ]
    for i, (title, summary, language) in enumerate(peers):
        specs[title] = Spec(0.03 * (i % 6), language, 100 + i, 0.5)
        await make_offer(
            session,
            people.user,
            suppliers,
            status=OfferStatus.LISTED,
            title=title,
            summary=summary,
            terms=None,
            keywords=(),
        )
    ids = []
    for (title, summary), language, own in ((VI_OFFER, VIETNAMESE, 300), (EN_OFFER, OTHER, 301)):
        specs[title] = Spec(0.45, language, own, 0.5)
        offer = await make_offer(
            session,
            people.user,
            lab,
            status=OfferStatus.LISTED,
            title=title,
            summary=summary,
            terms=None,
            keywords=(),
            description=f"{SECRET}: bản vẽ và thông số mật của cảm biến.",
        )
        ids.append(offer.id)
    await session.commit()
    await drain(sessions, embedder)
    return Exchange(ids[0], ids[1])


async def potential(session: AsyncSession, offer_id: UUID) -> dict[str, PotentialComponent]:
    staff = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))
    matcher = Matcher(SqlMatchingReader(session), HybridRanker(), FAKE_MODEL)
    result = await uc.commercialisation_potential(
        SqlUnitOfWork(session), matcher, staff, "offer", offer_id
    )
    return {c.name: c for c in result.components}


async def stored_language(session: AsyncSession, offer_id: UUID) -> str | None:
    return await session.scalar(
        select(embeddings.c.language).where(embeddings.c.subject_id == offer_id)
    )


async def test_the_same_offer_in_two_languages_gets_the_same_market_pull(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    embedder = OffsetEmbedder()
    world = await exchange(session, sessions, embedder)

    vi = (await potential(session, world.vi_offer))["market_pull"]
    en = (await potential(session, world.en_offer))["market_pull"]

    assert await stored_language(session, world.vi_offer) == VIETNAMESE
    assert await stored_language(session, world.en_offer) == OTHER
    # Each counts all three flood needs, its translation's language's ones included.
    assert vi.detail.startswith("3 open needs match (best similarity 0.83, ")
    assert vi.detail.endswith("spreads above comparable listings in Vietnamese)")
    assert en.detail.startswith("3 open needs match (best similarity 0.83, ")
    assert en.detail.endswith("comparable listings in other languages than Vietnamese)")
    assert vi.value > 0.3
    assert abs(vi.value - en.value) <= 0.1


async def test_a_language_with_too_few_listings_is_compared_with_every_language(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Three English offers besides the translated one: too few to know what a comparable
    English listing scores, so the English offer is measured against listings of any
    language (mostly Vietnamese: the language offset no longer cancels, and its Vietnamese
    needs count for less than they do for its Vietnamese twin)."""
    embedder = OffsetEmbedder()
    world = await exchange(session, sessions, embedder, english_peers=3)

    vi = (await potential(session, world.vi_offer))["market_pull"]
    en = (await potential(session, world.en_offer))["market_pull"]

    assert vi.detail.endswith("comparable listings in Vietnamese)")
    assert en.detail.endswith("spreads above comparable listings in any language)")
    assert 0 < en.value < vi.value


async def test_no_confidential_text_reaches_the_explanation_or_the_language(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The translated lab lists the English sensor a second time with another confidential
    description, in Vietnamese: both copies score and read the same, and neither names it."""
    embedder = OffsetEmbedder()
    world = await exchange(session, sessions, embedder)
    owner = await make_user(session)
    lab = await make_organization(session, owner.user, name="Second sensors lab")
    secret = "Công thức bí mật: cảm biến điện dung phủ lớp chống rêu, giá vốn 40 triệu đồng."
    copy = await make_offer(
        session,
        owner.user,
        lab,
        status=OfferStatus.LISTED,
        title=EN_OFFER[0],
        summary=EN_OFFER[1],
        terms=None,
        keywords=(),
        description=secret,
    )
    await session.commit()
    await drain(sessions, embedder)

    first = await potential(session, world.en_offer)
    second = await potential(session, copy.id)

    # equal up to the order PostgreSQL sums the peers in
    assert [c.value for c in second.values()] == pytest.approx([c.value for c in first.values()])
    assert [c.detail for c in second.values()] == [c.detail for c in first.values()]
    shown = " ".join(c.detail for c in (*first.values(), *second.values()))
    assert SECRET not in shown
    assert "bí mật" not in shown
    assert first["market_pull"].value > 0
    # A Vietnamese confidential description does not make the English listing Vietnamese.
    assert await stored_language(session, copy.id) == OTHER


async def test_rows_without_a_language_get_one_without_being_embedded_again(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """As after migration 0021: stored vectors with no language, every subject queued."""
    embedder = OffsetEmbedder()
    world = await exchange(session, sessions, embedder)
    await session.execute(update(embeddings).values(language=None))
    outbox = SqlOutbox(session, (Consumer.EMBEDDING,))
    for offer_id in (world.vi_offer, world.en_offer):
        await outbox.record(ListingChanged(EntityKind.OFFER, offer_id))
    await session.commit()
    calls = embedder.calls

    unknown = (await potential(session, world.en_offer))["market_pull"]
    await drain(sessions, embedder)

    assert unknown.detail.endswith("comparable listings in any language)")
    assert embedder.calls == calls
    assert await stored_language(session, world.vi_offer) == VIETNAMESE
    assert await stored_language(session, world.en_offer) == OTHER
