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


async def listed(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], *titles: str
) -> list[UUID]:
    """One organisation's listed offers with these titles, embedded; their ids in order."""
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    ids = [
        (await make_offer(session, owner.user, org, status=OfferStatus.LISTED, title=title)).id
        for title in titles
    ]
    await drain(sessions, BagOfWordsEmbedder())
    return ids


async def scores(reader: SqlMatchingReader, query: str) -> dict[UUID, float]:
    terms = await reader.analyse(query, phrases=True)
    return {h.id: h.score for h in await reader.lexical(terms, ("offer",), 10)}


async def test_a_need_typed_with_diacritics_ranks_the_listing_spelt_that_way_first(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    # "lúa" (rice) and "lụa" (silk) fold to the same letters, "lua"
    rice, silk = await listed(session, sessions, "Công nghệ sấy lúa", "Công nghệ sấy lụa")
    reader = SqlMatchingReader(session)

    typed = await scores(reader, "máy sấy lúa")
    assert typed[rice] > typed[silk] > 0
    # the silk listing still matches the folded words: a spelling is a preference, not a filter
    other = await scores(reader, "máy sấy lụa")
    assert other[silk] > other[rice]
    # typed without diacritics, there is nothing to prefer
    bare = await scores(reader, "may say lua")
    assert bare[rice] == bare[silk] > 0


async def test_without_the_exact_channel_both_spellings_score_alike(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    rice, silk = await listed(session, sessions, "Công nghệ sấy lúa", "Công nghệ sấy lụa")
    folded_only = SqlMatchingReader(session, scoring=LexicalScoring(exact_weight=0.0))

    hits = await scores(folded_only, "máy sấy lúa")

    assert hits[rice] == hits[silk] > 0


async def test_old_and_new_tone_placement_are_one_spelling_of_the_need(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    # "thùy" (lobe) folds to the same letters as "thủy" but is another word
    new_style, old_style, other_word = await listed(
        session, sessions, "Hệ thống thủy lợi", "Hệ thống thuỷ lợi", "Hệ thống thùy lợi"
    )

    hits = await scores(SqlMatchingReader(session), "thủy lợi")

    assert hits[new_style] == hits[old_style] > hits[other_word] > 0
