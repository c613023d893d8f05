"""MeilisearchIndex set-up: the index and settings ensure_ready asks for, and the client the
adapter builds or borrows. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import pytest

from search.errors import SearchBackendError
from search.meilisearch import MeilisearchIndex
from tests.unit.meilisearch_support import (
    API_KEY,
    EXPECTED_SETTINGS_KEYS,
    FACETED,
    HIGHLIGHTED,
    FakeMeilisearch,
    client_on,
    task_polls,
)


async def test_ensure_ready_creates_the_missing_index_then_applies_settings(
    fake: FakeMeilisearch,
) -> None:
    fake.indexes.clear()
    client = client_on(fake)
    index = MeilisearchIndex(client=client, task_poll_interval_ms=1)

    await index.ensure_ready()

    assert fake.lines == [
        "GET /indexes/listings",
        "POST /indexes",
        *task_polls(0),
        "GET /indexes/listings",
        "PATCH /indexes/listings/settings",
        *task_polls(1),
    ]
    assert fake.calls[1].body == {"uid": "listings", "primaryKey": "id"}
    assert {call.authorization for call in fake.calls} == {f"Bearer {API_KEY}"}
    settings = fake.calls[5].body
    assert set(settings) == EXPECTED_SETTINGS_KEYS
    assert settings["searchableAttributes"] == HIGHLIGHTED
    assert settings["filterableAttributes"] == [*FACETED, "organization_id"]
    assert settings["sortableAttributes"] == ["updated_at", "trl", "title"]
    assert settings["rankingRules"] == [
        "words",
        "typo",
        "proximity",
        "attribute",
        "sort",
        "exactness",
    ]
    assert settings["typoTolerance"] == {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    }
    assert settings["faceting"] == {"maxValuesPerFacet": 200, "sortFacetValuesBy": {"*": "count"}}
    assert settings["pagination"] == {"maxTotalHits": 5000}
    synonyms = settings["synonyms"]
    assert synonyms["lũ"] == ["lũ lụt", "ngập lụt", "flood", "flooding"]
    assert synonyms["flood"] == ["lũ", "lũ lụt", "ngập lụt", "flooding"]
    assert synonyms["xâm nhập mặn"] == ["nước mặn", "salinity", "saltwater intrusion"]
    assert synonyms["salinity"] == ["nước mặn", "xâm nhập mặn", "saltwater intrusion"]
    assert synonyms["ai"] == ["trí tuệ nhân tạo", "artificial intelligence"]
    assert synonyms["trí tuệ nhân tạo"] == ["ai", "artificial intelligence"]
    await client.aclose()


async def test_ensure_ready_on_an_existing_index_only_updates_its_settings(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    await adapter.ensure_ready()

    assert fake.lines == [
        "GET /indexes/listings",
        "PATCH /indexes/listings/settings",
        *task_polls(0),
    ]


async def test_ensure_ready_refuses_an_index_with_another_primary_key(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.indexes["listings"] = "uuid"

    with pytest.raises(SearchBackendError, match="primary key 'uuid'"):
        await adapter.ensure_ready()

    assert fake.writes() == []


def test_the_adapter_needs_a_url_or_a_client() -> None:
    with pytest.raises(ValueError, match="needs a url or a client"):
        MeilisearchIndex()
    with pytest.raises(ValueError, match="batch_size"):
        MeilisearchIndex("http://meili.test", batch_size=0)


async def test_the_adapter_closes_only_the_client_it_created() -> None:
    own = MeilisearchIndex("http://meili.test", "key", index_name="other")
    assert own.index_name == "other"
    await own.aclose()

    fake = FakeMeilisearch()
    client = client_on(fake)
    await MeilisearchIndex(client=client).aclose()
    assert not client.http_client.is_closed
    await client.aclose()
