"""The matcher's reads on a real PostgreSQL: document frequencies kept between requests, and a
supplier's whole public portfolio read with its similarities and facts."""

from __future__ import annotations

from datetime import date

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.matching_reader import SqlMatchingReader
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, OrganizationKind
from domain.deals import DealKind
from domain.listings import OfferStatus
from domain.matching import LexicalTerm
from domain.services import connections as cc
from domain.services import deals as dc
from tests.factories import make_offer, make_organization, make_user
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_document_frequencies_are_kept_for_their_ttl_then_counted_again(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Cảm biến độ mặn zircaloy"
    )
    await drain(sessions, BagOfWordsEmbedder())
    clock = Clock()
    kept: TTLCache[str, tuple[int, int]] = TTLCache(maxsize=100, ttl=60, timer=clock)
    reader = SqlMatchingReader(session, kept)

    def frequencies(terms: list[LexicalTerm]) -> dict[str, int]:
        return {t.term: t.document_frequency for t in terms}

    first = frequencies(await reader.analyse("zircaloy quasarite"))
    # A word in no listing cannot match, but is kept (df 0) for the query's lexical coverage.
    assert first == {"zircaloy": 1, "quasarite": 0}
    assert kept == {"zircaloy": (1, 1), "quasarite": (0, 1)}

    await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Zircaloy quasarite coating"
    )
    await drain(sessions, BagOfWordsEmbedder())
    # Within the TTL the kept frequencies are used, zero included.
    assert frequencies(await reader.analyse("zircaloy quasarite")) == {
        "zircaloy": 1,
        "quasarite": 0,
    }
    # A reader without the cache, and the cached one after the TTL, count again.
    assert frequencies(await SqlMatchingReader(session).analyse("zircaloy")) == {"zircaloy": 2}
    clock.now = 61
    assert frequencies(await reader.analyse("zircaloy quasarite")) == {
        "zircaloy": 2,
        "quasarite": 1,
    }


async def test_a_portfolio_is_every_public_listing_of_the_suppliers_with_its_similarity(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user, name="Công ty Cảm biến Mekong")
    other = await make_organization(session, (await make_user(session)).user)
    near = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="salinity sensor", trl=7
    )
    far = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="rice drying oven"
    )
    await make_offer(session, owner.user, org, title="salinity sensor draft")  # not public
    embedder = BagOfWordsEmbedder()
    await drain(sessions, embedder)
    late = await make_offer(  # listed, not embedded yet
        session, owner.user, org, status=OfferStatus.LISTED, title="salinity buoy"
    )
    # One recorded deal on the supplier's offer: it counts for the supplier's track record.
    buyer = await make_user(session)
    buyer_org = await make_organization(
        session, buyer.user, kind=OrganizationKind.ENTERPRISE, verified=True
    )
    buyer_actor = Actor(
        email_verified=True, user_id=buyer.user.id, memberships={buyer_org.id: MemberRole.OWNER}
    )
    uow = SqlUnitOfWork(session)
    connection = await cc.request_connection(
        uow, buyer_actor, cc.RequestConnection(far.id, buyer_org.id, acknowledge_nda=True)
    )
    owner_actor = Actor(
        email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
    )
    await cc.accept_connection(uow, owner_actor, connection_id=connection.id)
    await dc.record_deal(
        uow,
        buyer_actor,
        dc.RecordDeal(connection.id, kind=DealKind.LICENCE, signed_on=date(2026, 5, 1)),
    )
    reader = SqlMatchingReader(session)
    query = await reader.query_vector("offer", near.id, FAKE_MODEL)
    assert query is not None
    # Recorded by one side only: no track record yet.
    pending = await reader.portfolios(FAKE_MODEL, query, [org.id])
    assert pending.deals == {}
    assert await reader.deal_counts([org.id]) == {}
    await dc.confirm_deal(uow, owner_actor, connection_id=connection.id)
    assert await reader.deal_counts([org.id, buyer_org.id]) == {org.id: 1, buyer_org.id: 1}

    portfolio = await reader.portfolios(FAKE_MODEL, query, [org.id, other.id, buyer_org.id])
    # The buyer has a deal too but no public listing: it is no supplier.
    assert portfolio.deals == {org.id: 1}
    found = {f.id: (f, sim) for f, sim in portfolio.listings}
    assert set(found) == {near.id, far.id, late.id}
    near_sim, far_sim, late_sim = (found[i][1] for i in (near.id, far.id, late.id))
    assert near_sim is not None
    assert far_sim is not None
    assert abs(near_sim - 1.0) < 1e-5
    assert far_sim < near_sim
    assert late_sim is None
    facts = found[near.id][0]
    assert (facts.kind, facts.organization_name, facts.title, facts.trl, facts.status) == (
        "offer",
        "Công ty Cảm biến Mekong",
        "salinity sensor",
        7,
        "listed",
    )
    assert (await reader.portfolios(FAKE_MODEL, query, [other.id])).listings == []
    assert {f.id for f, _ in (await reader.portfolios(FAKE_MODEL, None, [org.id])).listings} == set(
        found
    )


async def test_adjacent_query_words_rank_a_listing_with_the_phrase_above_scattered_words(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    rooftop = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Điện mặt trời áp mái"
    )
    # the same three words, none of them next to each other
    outage = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Mất điện vào trời tối mặt đường"
    )
    await drain(sessions, BagOfWordsEmbedder())
    reader = SqlMatchingReader(session)

    words_only = await reader.analyse("điện mặt trời")
    terms = await reader.analyse("điện mặt trời", phrases=True)

    assert {t.term for t in words_only} == {"dien", "mat", "troi"}
    assert {t.term: t.document_frequency for t in terms if t.is_phrase} == {
        "dien mat": 1,
        "mat troi": 1,
    }
    flat = await reader.lexical(words_only, ("offer",), 10)
    ranked = await reader.lexical(terms, ("offer",), 10)
    by_id = {h.id: h for h in ranked}
    assert by_id[rooftop.id].score > by_id[outage.id].score
    assert {h.id: h.score for h in flat}[rooftop.id] < by_id[rooftop.id].score
    assert set(by_id[rooftop.id].matched) >= {"dien mat", "mat troi"}
    assert not {"dien mat", "mat troi"} & set(by_id[outage.id].matched)
