"""Behaviour of the PostgreSQL search backend beyond the shared contract: bilingual synonyms,
snippets that cannot inject markup, prefix and typo suggestions, ranking by field weight."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search import DocumentKind, SearchDocument, SearchFilter, SearchQuery, SearchSort
from search.postgres import PostgresSearchIndex


@pytest.fixture
def index(sessions: async_sessionmaker[AsyncSession]) -> PostgresSearchIndex:
    return PostgresSearchIndex(sessions)


def scope() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def doc(field: str, number: int, title: str, **fields: Any) -> SearchDocument:
    return SearchDocument(
        id=f"offer:00000000-0000-4000-8000-{number:012x}",
        kind=DocumentKind.OFFER,
        title=title,
        field_code=field,
        status="listed",
        **fields,
    )


def within(field: str, text: str) -> SearchQuery:
    return SearchQuery(text, filter=SearchFilter(field_codes=(field,)))


async def test_synonyms_cross_languages(index: PostgresSearchIndex) -> None:
    field = scope()
    flood = doc(field, 1, "Hệ thống cảnh báo lũ lụt cho miền Trung")
    ai = doc(field, 2, "Artificial intelligence for rice disease detection")
    await index.upsert([flood, ai])

    english = await index.search(within(field, "flood"))
    vietnamese = await index.search(within(field, "trí tuệ nhân tạo"))

    assert [hit.id for hit in english.hits] == [flood.id]
    assert [hit.id for hit in vietnamese.hits] == [ai.id]


async def test_snippets_escape_the_documents_markup(index: PostgresSearchIndex) -> None:
    field = scope()
    risky = doc(field, 1, 'Máy lọc <script>alert("x")</script> nước & khí')
    await index.upsert([risky])

    [hit] = (await index.search(within(field, "máy lọc"))).hits

    assert hit.highlights["title"] == (
        '<mark>Máy</mark> <mark>lọc</mark> &lt;script&gt;alert("x")&lt;/script&gt; nước &amp; khí'
    )


async def test_a_title_match_outranks_a_body_match(index: PostgresSearchIndex) -> None:
    field = scope()
    in_body = doc(field, 1, "Thiết bị xử lý", body="Dùng cho biogas quy mô nhỏ")
    in_title = doc(field, 2, "Hầm biogas composite")
    await index.upsert([in_body, in_title])

    result = await index.search(within(field, "biogas"))

    assert [hit.id for hit in result.hits] == [in_title.id, in_body.id]
    assert "<mark>biogas</mark>" in result.hits[1].highlights["body"]


async def test_typos_in_vietnamese_typed_without_diacritics(index: PostgresSearchIndex) -> None:
    field = scope()
    pepper = doc(field, 1, "Máy phân loại hồ tiêu bằng quang học")
    await index.upsert([pepper])

    result = await index.search(within(field, "quangg hoc"))  # one typo in "quang"

    assert [hit.id for hit in result.hits] == [pepper.id]


async def test_suggest_falls_back_to_similar_titles_on_a_typo(index: PostgresSearchIndex) -> None:
    word = scope()
    dryer = doc(word, 1, f"{word} sấy thanh long")
    await index.upsert([dryer])

    exact = await index.suggest(f"{word} sấy th")
    typo = await index.suggest(f"{word} sây thanh lonh")

    assert [s.id for s in exact] == [dryer.id]
    assert [s.id for s in typo] == [dryer.id]


async def test_broad_queries_rank_and_facet_a_bounded_candidate_set(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    bounded = PostgresSearchIndex(sessions, max_candidates=3)
    field = scope()
    await bounded.upsert(
        [doc(field, n, f"Hầm biogas mẫu {n}", province="ha-noi") for n in range(1, 6)]
    )

    broad = await bounded.search(within(field, "biogas"))
    narrow = await bounded.search(within(field, "biogas mẫu 2"))

    assert (broad.total, broad.exhaustive, len(broad.hits)) == (3, False, 3)
    assert broad.facets["province"] == {"ha-noi": 3}  # over the candidates ranked
    assert sum(broad.facets["kind"].values()) == 3
    assert (narrow.total, narrow.exhaustive) == (1, True)
    assert [hit.id for hit in narrow.hits] == [doc(field, 2, "").id]


async def test_a_bound_keeps_the_newest_first_without_text(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    bounded = PostgresSearchIndex(sessions, max_candidates=2)
    field = scope()
    moments = [datetime(2026, 1, day, tzinfo=UTC) for day in (3, 9, 1, 7, 5)]
    documents = [
        doc(field, n, f"Thiết bị {n}", updated_at=moment)
        for n, moment in enumerate(moments, start=1)
    ]
    await bounded.upsert(documents)

    for sort in (SearchSort.RELEVANCE, SearchSort.NEWEST):
        result = await bounded.search(
            SearchQuery("", filter=SearchFilter(field_codes=(field,)), sort=sort)
        )
        assert [hit.id for hit in result.hits] == [documents[1].id, documents[3].id]
        assert (result.total, result.exhaustive) == (2, False)
    newest = await bounded.search(
        SearchQuery("thiết bị", filter=SearchFilter(field_codes=(field,)), sort=SearchSort.NEWEST)
    )
    assert [hit.id for hit in newest.hits] == [documents[1].id, documents[3].id]


def test_max_candidates_must_be_positive(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(ValueError, match="max_candidates"):
        PostgresSearchIndex(sessions, max_candidates=0)


async def test_a_word_the_documents_contain_is_not_expanded_to_its_typo_neighbours(
    index: PostgresSearchIndex,
) -> None:
    field = scope()
    salary = doc(field, 1, "Phần mềm tính lương")  # luong
    dragon = doc(field, 2, "Máy sấy thanh long")  # long: one edit from luong
    await index.upsert([salary, dragon])

    exact = await index.search(within(field, "luong"))
    typo = await index.search(within(field, "luongg"))  # not a word: one typo from luong

    assert [hit.id for hit in exact.hits] == [salary.id]
    assert [hit.id for hit in typo.hits] == [salary.id]
