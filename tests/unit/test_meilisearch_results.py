"""MeilisearchIndex answers: a search response becomes a SearchResult, ties go to the user's
diacritics, and suggestions. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

from typing import Any

from domain.search import (
    FACETS,
    DocumentKind,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchSort,
    Suggestion,
)
from search.meilisearch import MeilisearchIndex
from tests.unit.meilisearch_support import NEED_ID, OFFER_ID, FakeMeilisearch, search_response


async def test_search_response_becomes_a_search_result(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response(
        [
            {
                "id": "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
                "kind": "offer",
                "title": "Hệ thống cảnh báo lũ sớm",
                "keywords": ["cảnh báo sớm", "IoT"],
                "summary": "Cảm biến mực nước và cảnh báo qua SMS cho vùng hạ lưu.",
                "body": "Ưu điểm: chi phí thấp, lắp đặt nhanh.",
                "organization_name": "Viện Thủy lợi miền Trung",
                "_rankingScore": 0.9731,
                "_formatted": {
                    "id": "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
                    "kind": "offer",
                    "title": "Hệ thống <mark>cảnh</mark> <mark>báo</mark> <mark>lũ</mark> sớm",
                    "keywords": ["<mark>cảnh</mark> <mark>báo</mark> sớm", "IoT"],
                    "summary": "Cảm biến mực nước và <mark>cảnh</mark> <mark>báo</mark> qua…",
                    "body": "Ưu điểm: chi phí thấp, lắp đặt nhanh.",
                    "organization_name": "Viện Thủy lợi miền Trung",
                },
            },
            {
                "id": "need-5a1d7e90-2c4b-4f6a-8e3d-1b2c3d4e5f60",
                "kind": "need",
                "title": "Cần cảnh báo ngập lụt đô thị",
                "keywords": [],
                "summary": "",
                "body": "",
                "organization_name": None,
                "_rankingScore": 0.81,
                "_formatted": {
                    "title": "Cần <mark>cảnh</mark> <mark>báo</mark> <mark>ngập lụt</mark> đô thị",
                    "keywords": [],
                    "summary": "",
                    "body": "",
                    "organization_name": None,
                },
            },
        ],
        query="cảnh báo lũ",
        processingTimeMs=7,
        totalHits=2,
        facetDistribution={
            "kind": {"need": 1, "offer": 1},
            "province": {"quang-ngai": 1, "ha-noi": 1},
            "trl": {"7": 1},
            "transfer_modes": {"license": 1, "joint_venture": 1},
            "status": {"published": 2},
        },
        facetStats={"trl": {"min": 7, "max": 7}},
    )

    result = await adapter.search(SearchQuery(text="cảnh báo lũ"))

    assert result == SearchResult(
        hits=[
            SearchHit(
                id=OFFER_ID,
                kind=DocumentKind.OFFER,
                title="Hệ thống cảnh báo lũ sớm",
                score=0.9731,
                highlights={
                    "title": "Hệ thống <mark>cảnh</mark> <mark>báo</mark> <mark>lũ</mark> sớm",
                    "keywords": "<mark>cảnh</mark> <mark>báo</mark> sớm",
                    "summary": "Cảm biến mực nước và <mark>cảnh</mark> <mark>báo</mark> qua…",
                },
            ),
            SearchHit(
                id=NEED_ID,
                kind=DocumentKind.NEED,
                title="Cần cảnh báo ngập lụt đô thị",
                score=0.81,
                highlights={
                    "title": "Cần <mark>cảnh</mark> <mark>báo</mark> <mark>ngập lụt</mark> đô thị"
                },
            ),
        ],
        total=2,
        facets={
            "kind": {"need": 1, "offer": 1},
            "field_code": {},
            "province": {"ha-noi": 1, "quang-ngai": 1},
            "trl": {"7": 1},
            "ip_status": {},
            "transfer_modes": {"joint_venture": 1, "license": 1},
            "status": {"published": 2},
            "organization_kind": {},
        },
        processing_ms=7.0,
    )
    assert list(result.facets) == list(FACETS)


def _rice_hit(meili_id: str, title: str, score: float) -> dict[str, Any]:
    return {"id": meili_id, "kind": "offer", "title": title, "_rankingScore": score}


async def test_ties_go_to_the_document_with_the_users_diacritics(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    # Meilisearch folds diacritics, so "lùa" and "lúa" tie; its order between them is arbitrary.
    fake.search_response = search_response(
        [
            _rice_hit("offer-lua-grave", "Máy lùa vịt", 0.9),
            _rice_hit("offer-lua-acute", "Máy lúa vịt", 0.9),
            _rice_hit("offer-other", "Máy gặt", 0.5),
            _rice_hit("offer-lua-acute-low", "Máy sấy lúa", 0.4),
        ]
    )

    result = await adapter.search(SearchQuery(text="lúa"))

    assert [hit.id for hit in result.hits] == [
        "offer:lua-acute",
        "offer:lua-grave",
        "offer:other",  # a better Meilisearch score still wins over diacritics
        "offer:lua-acute-low",
    ]


async def test_explicit_sorts_keep_meilisearch_order(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response(
        [
            _rice_hit("offer-lua-grave", "Máy lùa vịt", 0.9),
            _rice_hit("offer-lua-acute", "Máy lúa vịt", 0.9),
        ]
    )

    result = await adapter.search(SearchQuery(text="lúa", sort=SearchSort.NEWEST))

    assert [hit.id for hit in result.hits] == ["offer:lua-grave", "offer:lua-acute"]


async def test_suggest_is_a_prefix_search_on_titles(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.search_response = search_response(
        [
            {
                "id": "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
                "kind": "offer",
                "title": "Hệ thống cảnh báo lũ sớm",
            },
        ]
    )

    suggestions = await adapter.suggest(" Hệ thống cả ", kinds=[DocumentKind.OFFER], limit=5)

    assert suggestions == [
        Suggestion(id=OFFER_ID, kind=DocumentKind.OFFER, title="Hệ thống cảnh báo lũ sớm")
    ]
    [call] = fake.calls
    assert call.line == "POST /indexes/listings/search"
    assert call.body["q"] == "Hệ thống cả"
    assert call.body["limit"] == 5
    assert call.body["filter"] == 'kind IN ["offer"]'
    assert call.body["attributesToSearchOn"] == ["title"]
    assert call.body["attributesToRetrieve"] == ["id", "kind", "title"]
    assert call.body["matchingStrategy"] == "all"


async def test_suggest_for_nothing_asks_nothing(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    assert await adapter.suggest("   ") == []
    assert await adapter.suggest("lúa", limit=0) == []
    assert fake.calls == []
