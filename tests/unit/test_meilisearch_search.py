"""MeilisearchIndex search requests: filters, sort and the result window as sent, and values
refused before any request. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import pytest

from domain.search import DocumentKind, SearchFilter, SearchQuery, SearchSort
from search.meilisearch import MeilisearchIndex
from tests.unit.meilisearch_support import (
    FACETED,
    HIGHLIGHTED,
    RETRIEVED,
    FakeMeilisearch,
    search_response,
)


async def test_search_sends_filters_sort_window_facets_and_highlighting(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response([])
    query = SearchQuery(
        text="cảnh báo lũ",
        kinds=(DocumentKind.OFFER, DocumentKind.NEED),
        filter=SearchFilter(
            field_codes=("202", "205"),
            trl_min=4,
            trl_max=8,
            provinces=("quang-ngai", "can-tho"),
            ip_statuses=("patent_granted",),
            transfer_modes=("license",),
            statuses=("published",),
            organization_kinds=("university",),
        ),
        sort=SearchSort.NEWEST,
        limit=20,
        offset=40,
    )

    await adapter.search(query)

    [call] = fake.calls
    assert call.line == "POST /indexes/listings/search"
    assert call.body == {
        "q": "cảnh báo lũ",
        "offset": 40,
        "limit": 20,
        "page": 3,
        "hitsPerPage": 20,
        "filter": (
            'kind IN ["offer", "need"] AND field_code IN ["202", "205"]'
            ' AND province IN ["quang-ngai", "can-tho"] AND ip_status IN ["patent_granted"]'
            ' AND transfer_modes IN ["license"] AND status IN ["published"]'
            ' AND organization_kind IN ["university"] AND trl >= 4 AND trl <= 8'
        ),
        "facets": FACETED,
        "sort": ["updated_at:desc"],
        "attributesToRetrieve": RETRIEVED,
        "attributesToHighlight": HIGHLIGHTED,
        "highlightPreTag": "<mark>",
        "highlightPostTag": "</mark>",
        "attributesToCrop": ["summary", "body"],
        "cropLength": 30,
        "cropMarker": "…",
        "showRankingScore": True,
        "rankingScoreThreshold": None,
        "showMatchesPosition": False,
        "matchingStrategy": "last",
        "attributesToSearchOn": None,
    }


async def test_search_without_criteria_sends_no_filter_and_no_sort(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response([])

    await adapter.search(SearchQuery(text="máy sấy"))

    [call] = fake.calls
    assert call.body["filter"] is None
    assert call.body["sort"] is None
    assert (call.body["page"], call.body["hitsPerPage"]) == (1, 20)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (SearchSort.RELEVANCE, None),
        (SearchSort.NEWEST, ["updated_at:desc"]),
        (SearchSort.TRL_DESC, ["trl:desc"]),
        (SearchSort.TITLE, ["title:asc"]),
    ],
)
async def test_sort_mapping(
    adapter: MeilisearchIndex,
    fake: FakeMeilisearch,
    sort: SearchSort,
    expected: list[str] | None,
) -> None:
    fake.search_response = search_response([])

    await adapter.search(SearchQuery(text="", sort=sort))

    assert fake.calls[0].body["sort"] == expected


async def test_a_window_that_is_not_a_whole_page_uses_offset_limit_and_the_estimate(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = {
        "hits": [],
        "query": "lúa",
        "processingTimeMs": 2,
        "offset": 5,
        "limit": 10,
        "estimatedTotalHits": 37,
        "facetDistribution": {},
    }

    result = await adapter.search(SearchQuery(text="lúa", offset=5, limit=10))

    body = fake.calls[0].body
    assert (body["offset"], body["limit"], body["page"], body["hitsPerPage"]) == (5, 10, None, None)
    assert result.total == 37


async def test_a_zero_limit_asks_only_for_the_count(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response([], totalHits=12, hitsPerPage=0)

    result = await adapter.search(SearchQuery(text="lúa", limit=0))

    assert (fake.calls[0].body["page"], fake.calls[0].body["hitsPerPage"]) == (1, 0)
    assert result.total == 12


async def test_filter_values_are_quoted_and_escaped(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response([])
    tricky = SearchFilter(provinces=('Bà Rịa "Vũng Tàu"', "a\\b", "x AND kind = need"))

    await adapter.search(SearchQuery(text="", filter=tricky))

    assert fake.calls[0].body["filter"] == (
        'province IN ["Bà Rịa \\"Vũng Tàu\\"", "a\\b", "x AND kind = need"]'
    )


@pytest.mark.parametrize("value", ["ends with a backslash\\", 'backslash before quote \\"'])
async def test_values_meilisearch_cannot_spell_are_refused_before_any_request(
    adapter: MeilisearchIndex, fake: FakeMeilisearch, value: str
) -> None:
    with pytest.raises(ValueError, match="cannot be expressed"):
        await adapter.search(SearchQuery(text="", filter=SearchFilter(provinces=(value,))))

    assert fake.calls == []
