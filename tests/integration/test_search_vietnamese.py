"""Vietnamese-first search on the demo data (issue 12): what a user of the demo types.

The demo dataset is loaded, indexed and embedded once for the module (about half a minute), in
a database of its own. Hybrid cases use the bag-of-words fake embedder: texts sharing words are
near, so "semantic" here means "shares many words", enough to check the fusion rules.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import make_sessionmaker
from domain.search import DocumentKind, SearchHit, SearchQuery, SearchResult
from domain.text import fold
from search.hybrid import HybridSearchIndex
from search.postgres import PostgresSearchIndex
from tests.conftest import disposing_engine, scratch_database
from tests.demo_search import load_demo
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder

pytestmark = pytest.mark.slow

MARK = re.compile(r"<mark>(.*?)</mark>")
Sessions = async_sessionmaker[AsyncSession]


async def lexical(sessions: Sessions, text: str, limit: int = 10) -> SearchResult:
    return await PostgresSearchIndex(sessions).search(SearchQuery(text, limit=limit))


async def hybrid(sessions: Sessions, text: str, limit: int = 10) -> SearchResult:
    index = HybridSearchIndex(PostgresSearchIndex(sessions), BagOfWordsEmbedder(), FAKE_MODEL)
    return await index.search(SearchQuery(text, limit=limit))


@pytest.fixture(scope="module")
def demo_database_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_demo_search") as url:
        yield url


@pytest.fixture(scope="module")
async def demo_sessions(demo_database_url: str) -> AsyncIterator[Sessions]:
    async with disposing_engine(demo_database_url, pool_size=2) as engine:
        sessions = make_sessionmaker(engine)
        await load_demo(engine, sessions)
        yield sessions


def marked(hit: SearchHit) -> list[str]:
    return [word for snippet in hit.highlights.values() for word in MARK.findall(snippet)]


async def test_i_and_y_spellings_find_the_same_listings(demo_sessions: Sessions) -> None:
    with_i = await lexical(demo_sessions, "xử lí nước thải")
    with_y = await lexical(demo_sessions, "xử lý nước thải")

    assert [h.id for h in with_i.hits] == [h.id for h in with_y.hits]
    # The wastewater listings (spelt "xử lý") come first, not the licences ("Li-xăng").
    assert len(with_i.hits) >= 5
    for hit in with_i.hits[:5]:
        assert "xử lý nước thải" in hit.title.lower()
    assert all("Li" not in marked(hit) for hit in with_i.hits)


async def test_old_and_new_tone_placement_are_one_word(demo_sessions: Sessions) -> None:
    old = await lexical(demo_sessions, "oxy hóa nâng cao")
    new = await lexical(demo_sessions, "oxy hoá nâng cao")

    assert old.hits
    assert [(h.id, h.score) for h in old.hits] == [(h.id, h.score) for h in new.hits]
    assert "oxy hóa nâng cao" in old.hits[0].title


async def test_typed_diacritics_rank_their_word_above_a_homograph(
    demo_sessions: Sessions,
) -> None:
    result = await lexical(demo_sessions, "robot hàn")

    titles = [h.title for h in result.hits]
    glove = next(i for i, t in enumerate(titles) if t.startswith("Găng tay robot"))
    welding = [i for i, t in enumerate(titles) if "hàn" in t.lower().split()]
    assert welding
    assert max(welding) < glove
    # The glove matched "thời hạn" folded; "hạn" is not what was typed, so it is not marked.
    assert "hạn" not in marked(result.hits[glove])
    assert "robot" in [w.lower() for w in marked(result.hits[glove])]


async def test_adjacent_words_rank_above_scattered_ones(demo_sessions: Sessions) -> None:
    result = await lexical(demo_sessions, "điện mặt trời")

    def has_phrase(hit: SearchHit) -> bool:
        return any(
            "<mark>điện</mark> <mark>mặt</mark> <mark>trời</mark>" in s.lower()
            for s in hit.highlights.values()
        )

    flags = [has_phrase(h) for h in result.hits]
    assert flags[0]
    assert False in flags  # "Giảm tiêu thụ điện" (điện … Mặt trời apart) is found too
    assert flags == sorted(flags, reverse=True)  # every phrase hit before every scattered one
    for hit in result.hits:
        words = [w.lower() for w in marked(hit)]
        assert "mất" not in words
        assert "mắt" not in words
        for snippet in hit.highlights.values():
            if "<mark>điện</mark> <mark>mặt</mark> <mark>trời</mark>" in snippet.lower():
                # Where the phrase is, a lone "điện" elsewhere in the snippet is not marked.
                assert snippet.lower().count("<mark>điện</mark>") == snippet.lower().count(
                    "<mark>điện</mark> <mark>mặt</mark> <mark>trời</mark>"
                )


async def test_english_query_finds_vietnamese_solar_listings(demo_sessions: Sessions) -> None:
    result = await lexical(demo_sessions, "solar energy")

    listings = [h for h in result.hits if h.kind is not DocumentKind.ORGANIZATION]
    assert len(listings) >= 3
    assert all("mặt trời" in h.title.lower() for h in listings[:3])


async def test_near_duplicates_of_one_organisation_fold_into_one_hit(
    demo_sessions: Sessions,
) -> None:
    result = await lexical(demo_sessions, "ruồi lính đen")

    folded = [h for h in result.hits if h.similar_count]
    assert folded, "the variants of the black soldier fly listing are one hit"
    assert sum(1 + h.similar_count for h in result.hits) > len(result.hits)
    assert result.total == len(result.hits)
    titles = [fold(h.title).split(" – ")[0].split(" (")[0] for h in result.hits]
    per_title = {t: titles.count(t) for t in titles}
    assert max(per_title.values()) <= 2  # at most one per organisation (two suppliers here)


async def test_hybrid_keeps_lexical_hits_first_and_adds_neighbours(
    demo_sessions: Sessions,
) -> None:
    words_only = await lexical(demo_sessions, "robot hàn")
    fused = await hybrid(demo_sessions, "robot hàn")

    lexical_ids = [h.id for h in words_only.hits]
    assert [h.id for h in fused.hits[: len(lexical_ids)]][:2] == lexical_ids[:2]
    assert set(lexical_ids) <= {h.id for h in fused.hits}


async def test_hybrid_finds_listings_when_not_every_word_matches(
    demo_sessions: Sessions,
) -> None:
    text = "ấu trùng ruồi xử lý rác hữu cơ thành thức ăn cho cá tra"
    words_only = await lexical(demo_sessions, text)
    fused = await hybrid(demo_sessions, text)

    assert words_only.total == 0
    assert fused.hits
    assert "ruồi lính đen" in fused.hits[0].title


async def test_without_an_embedding_search_stays_lexical(demo_sessions: Sessions) -> None:
    index = PostgresSearchIndex(demo_sessions)
    plain = await index.search(SearchQuery("robot hàn"))
    again = await index.search(SearchQuery("robot hàn", embedding=None))

    assert [h.id for h in plain.hits] == [h.id for h in again.hits]
    assert plain.total == len(plain.hits) > 0
