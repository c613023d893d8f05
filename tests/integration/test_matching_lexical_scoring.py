"""The matcher's lexical score on a real PostgreSQL: a need typed with diacritics prefers
listings spelt with those diacritics (issue 12 item 4; notes/vietnamese-matching.md, section 9)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.lexical_sql import LexicalScoring
from db.repositories.matching_reader import SqlMatchingReader
from domain.listings import OfferStatus
from tests.factories import make_offer, make_organization, make_user
from tests.matching_support import BagOfWordsEmbedder, drain


async def test_a_need_typed_with_diacritics_ranks_the_listing_spelt_that_way_first(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    # "lúa" (rice) and "lụa" (silk) fold to the same letters, "lua"
    rice = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Công nghệ sấy lúa"
    )
    silk = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Công nghệ sấy lụa"
    )
    await drain(sessions, BagOfWordsEmbedder())
    reader = SqlMatchingReader(session)

    async def scores(query: str) -> dict[UUID, float]:
        terms = await reader.analyse(query, phrases=True)
        return {h.id: h.score for h in await reader.lexical(terms, ("offer",), 10)}

    typed = await scores("máy sấy lúa")
    assert typed[rice.id] > typed[silk.id] > 0
    # the silk listing still matches the folded words: a spelling is a preference, not a filter
    assert (await scores("máy sấy lụa"))[silk.id] > (await scores("máy sấy lụa"))[rice.id]
    # typed without diacritics, there is nothing to prefer
    bare = await scores("may say lua")
    assert bare[rice.id] == bare[silk.id] > 0


async def test_without_the_exact_channel_both_spellings_score_alike(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    rice = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Công nghệ sấy lúa"
    )
    silk = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Công nghệ sấy lụa"
    )
    await drain(sessions, BagOfWordsEmbedder())
    folded_only = SqlMatchingReader(session, scoring=LexicalScoring(exact_weight=0.0))

    terms = await folded_only.analyse("máy sấy lúa", phrases=True)
    hits = {h.id: h.score for h in await folded_only.lexical(terms, ("offer",), 10)}

    assert hits[rice.id] == hits[silk.id] > 0


async def test_old_and_new_tone_placement_are_one_spelling_of_the_need(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    new_style = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Hệ thống thủy lợi"
    )
    old_style = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Hệ thống thuỷ lợi"
    )
    # "thùy" (lobe) folds to the same letters as "thủy" but is another word
    other_word = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Hệ thống thùy lợi"
    )
    await drain(sessions, BagOfWordsEmbedder())
    reader = SqlMatchingReader(session)

    terms = await reader.analyse("thủy lợi", phrases=True)
    hits = {h.id: h.score for h in await reader.lexical(terms, ("offer",), 10)}

    assert hits[new_style.id] == hits[old_style.id] > hits[other_word.id] > 0
