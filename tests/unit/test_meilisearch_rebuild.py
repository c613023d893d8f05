"""MeilisearchIndex rebuild: a temporary index is filled and swapped in, and dropped when
anything fails. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence

import pytest

from domain.search import SearchDocument
from search.errors import SearchBackendError
from search.meilisearch import MeilisearchIndex, encode_id
from tests.unit.meilisearch_support import (
    EXPECTED_SETTINGS_KEYS,
    INITIATIVE_ID,
    NEED_ID,
    OFFER_ID,
    Call,
    FakeMeilisearch,
    offer,
    task_polls,
)


async def _batches(*batches: Sequence[SearchDocument]) -> AsyncIterator[Sequence[SearchDocument]]:
    for batch in batches:
        yield batch


def _temp_name(fake: FakeMeilisearch) -> str:
    [creation] = fake.only("POST /indexes")
    name: str = creation.body["uid"]
    assert re.fullmatch(r"listings_tmp_[0-9a-f]{8}", name)
    return name


async def test_rebuild_fills_a_temporary_index_then_swaps_it_in(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.number_of_documents = 3
    documents = [offer(), offer(id=NEED_ID), offer(id=INITIATIVE_ID)]

    indexed = await adapter.rebuild(_batches(documents[:2], documents[2:]))

    temp = _temp_name(fake)
    assert indexed == 3
    assert fake.lines == [
        "GET /indexes/listings",
        "POST /indexes",
        *task_polls(0),
        f"GET /indexes/{temp}",
        f"PATCH /indexes/{temp}/settings",
        *task_polls(1),
        f"POST /indexes/{temp}/documents?primaryKey=id",
        *task_polls(2),
        f"POST /indexes/{temp}/documents?primaryKey=id",
        *task_polls(3),
        f"GET /indexes/{temp}/stats",
        "POST /swap-indexes",
        *task_polls(4),
        f"DELETE /indexes/{temp}",
        *task_polls(5),
    ]
    assert fake.only("POST /indexes")[0].body == {"uid": temp, "primaryKey": "id"}
    assert set(fake.only(f"PATCH /indexes/{temp}/settings")[0].body) == EXPECTED_SETTINGS_KEYS
    added = fake.only(f"POST /indexes/{temp}/documents?primaryKey=id")
    assert [[document["id"] for document in call.body] for call in added] == [
        [encode_id(OFFER_ID), encode_id(NEED_ID)],
        [encode_id(INITIATIVE_ID)],
    ]
    assert fake.only("POST /swap-indexes")[0].body == [{"indexes": ["listings", temp]}]
    assert fake.indexes == {"listings": "id"}


async def test_rebuild_creates_the_live_index_first_when_there_is_none(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.indexes.clear()

    await adapter.rebuild(_batches([offer()]))

    creations = [call.body["uid"] for call in fake.only("POST /indexes")]
    assert creations[0] == "listings"
    assert re.fullmatch(r"listings_tmp_[0-9a-f]{8}", creations[1])
    assert fake.only("POST /swap-indexes")[0].body == [{"indexes": ["listings", creations[1]]}]


def _live_index_writes(fake: FakeMeilisearch) -> list[Call]:
    return [
        call
        for call in fake.writes()
        if re.match(r"/indexes/listings(/|$|\?)", call.path) or call.path == "/swap-indexes"
    ]


async def test_rebuild_that_fails_drops_the_temporary_index_and_never_swaps(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.fail_next["documentAdditionOrUpdate"] = {
        "message": "The `title` field is missing.",
        "code": "invalid_document_fields",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#invalid_document_fields",
    }

    with pytest.raises(SearchBackendError) as raised:
        await adapter.rebuild(_batches([offer()], [offer(id=NEED_ID)]))

    temp = _temp_name(fake)
    assert raised.value.operation == "rebuild"
    assert raised.value.code == "invalid_document_fields"
    assert fake.only("POST /swap-indexes") == []
    assert _live_index_writes(fake) == []
    assert fake.lines[-3:] == [f"DELETE /indexes/{temp}", *task_polls(3)]
    assert len(fake.only(f"POST /indexes/{temp}/documents?primaryKey=id")) == 1
    assert fake.indexes == {"listings": "id"}


async def test_rebuild_whose_source_fails_drops_the_temporary_index_and_reraises(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    async def failing_source() -> AsyncIterator[Sequence[SearchDocument]]:
        yield [offer()]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        await adapter.rebuild(failing_source())

    temp = _temp_name(fake)
    assert fake.only("POST /swap-indexes") == []
    assert _live_index_writes(fake) == []
    assert f"DELETE /indexes/{temp}" in fake.lines
    assert fake.indexes == {"listings": "id"}


async def test_rebuild_whose_swap_fails_drops_the_temporary_index(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.fail_next["indexSwap"] = {
        "message": "Indexes `listings` not found.",
        "code": "index_not_found",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#index_not_found",
    }

    with pytest.raises(SearchBackendError, match=re.escape("Indexes `listings` not found.")):
        await adapter.rebuild(_batches([offer()]))

    temp = _temp_name(fake)
    assert fake.lines[-3:] == [f"DELETE /indexes/{temp}", *task_polls(4)]
    assert fake.indexes == {"listings": "id"}


async def test_rebuild_refuses_a_malformed_document_before_touching_the_live_index(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    with pytest.raises(ValueError, match="is not '<kind>:<key>'"):
        await adapter.rebuild(_batches([offer(id="offer/1")]))

    assert _live_index_writes(fake) == []
    assert fake.indexes == {"listings": "id"}
