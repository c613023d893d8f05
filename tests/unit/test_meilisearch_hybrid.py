"""MeilisearchIndex with a user-provided embedder: the exact requests of hybrid search, and
Vietnamese spellings and highlights. Same HTTP-level stand-in as the adapter tests
(meilisearch_support)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from domain.search import QueryEmbedding, SearchQuery
from search.meilisearch import MeilisearchIndex
from search.meilisearch_schema import VectorSettings
from tests.unit.meilisearch_support import (
    OFFER_JSON,
    FakeMeilisearch,
    index_on,
    offer,
    search_response,
)

VECTORS = VectorSettings(name="listings", dimensions=3, semantic_ratio=0.4)


@pytest.fixture
def meili() -> FakeMeilisearch:
    return FakeMeilisearch(indexes={"listings": "id"})


@pytest.fixture
async def hybrid_index(meili: FakeMeilisearch) -> AsyncIterator[MeilisearchIndex]:
    async with index_on(meili, vectors=VECTORS) as index:
        yield index


async def test_settings_declare_a_user_provided_embedder_and_i_y_synonyms(
    hybrid_index: MeilisearchIndex, meili: FakeMeilisearch
) -> None:
    await hybrid_index.ensure_ready()

    [call] = meili.only("PATCH /indexes/listings/settings")
    assert call.body["embedders"] == {"listings": {"source": "userProvided", "dimensions": 3}}
    assert call.body["synonyms"]["ly"] == ["li"]
    assert call.body["synonyms"]["li"] == ["ly"]
    assert call.body["synonyms"]["ky"] == ["ki"]


async def test_documents_carry_their_vector_or_null(
    hybrid_index: MeilisearchIndex, meili: FakeMeilisearch
) -> None:
    await hybrid_index.upsert([replace(offer(), vector=(0.6, 0.0, 0.8)), offer(id="offer:x1")])

    [call] = meili.only("POST /indexes/listings/documents?primaryKey=id")
    assert call.body[0] == {**OFFER_JSON, "_vectors": {"listings": [0.6, 0.0, 0.8]}}
    assert call.body[1]["_vectors"] == {"listings": None}


async def test_a_query_with_an_embedding_is_a_hybrid_search(
    hybrid_index: MeilisearchIndex, meili: FakeMeilisearch
) -> None:
    meili.search_response = search_response([])
    embedding = QueryEmbedding((0.0, 1.0, 0.0), "multilingual-e5-small")

    await hybrid_index.search(SearchQuery("solar energy", embedding=embedding))

    [call] = meili.calls
    assert call.line == "POST /indexes/listings/search"
    assert call.body["q"] == "solar energy"
    assert call.body["hybrid"] == {"semanticRatio": 0.4, "embedder": "listings"}
    assert call.body["vector"] == [0.0, 1.0, 0.0]


async def test_without_an_embedding_the_search_stays_keyword_only(
    hybrid_index: MeilisearchIndex, meili: FakeMeilisearch
) -> None:
    meili.search_response = search_response([])

    await hybrid_index.search(SearchQuery("solar energy"))

    [call] = meili.calls
    assert "hybrid" not in call.body or call.body["hybrid"] is None
    assert "vector" not in call.body or call.body["vector"] is None


async def test_hits_lose_marks_on_words_spelt_otherwise_than_typed(
    hybrid_index: MeilisearchIndex, meili: FakeMeilisearch
) -> None:
    raw = {
        "id": "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
        "kind": "offer",
        "title": "Găng tay robot",
        "_rankingScore": 0.5,
        "_formatted": {
            "title": "Găng tay <mark>robot</mark>",
            "body": "Li-xăng thời <mark>hạn</mark> 5 năm",
        },
    }
    meili.search_response = search_response([raw])

    result = await hybrid_index.search(SearchQuery("robot hàn"))

    assert result.hits[0].highlights == {"title": "Găng tay <mark>robot</mark>"}
