"""MeilisearchIndex writes: batched upserts and deletes that wait for their tasks, and the
document count. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

from domain.search import (
    DocumentKind,
)
from search.meilisearch import (
    MeilisearchIndex,
)
from tests.unit.meilisearch_support import (
    INITIATIVE_ID,
    NEED_ID,
    OFFER_ID,
    OFFER_JSON,
    FakeMeilisearch,
    offer,
    task_polls,
)


async def test_upsert_sends_encoded_documents_in_batches_and_waits_for_each_task(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    documents = [
        offer(),
        offer(id=NEED_ID, kind=DocumentKind.NEED, title="Cần giải pháp chống xâm nhập mặn"),
        offer(id=INITIATIVE_ID, kind=DocumentKind.INITIATIVE, title="Máy gặt lúa mini"),
    ]

    await adapter.upsert(documents)

    assert fake.lines == [
        "POST /indexes/listings/documents?primaryKey=id",
        *task_polls(0),
        "POST /indexes/listings/documents?primaryKey=id",
        *task_polls(1),
    ]
    first, second = fake.only("POST /indexes/listings/documents?primaryKey=id")
    assert [document["id"] for document in first.body] == [
        "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
        "need-5a1d7e90-2c4b-4f6a-8e3d-1b2c3d4e5f60",
    ]
    assert [document["id"] for document in second.body] == [
        "initiative-9c8b7a65-4321-4fed-8cba-0987654321ab"
    ]
    assert first.body[0] == OFFER_JSON
    assert second.body[0]["title"] == "Máy gặt lúa mini"


async def test_waiting_polls_the_task_until_it_is_done(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.polls_while_processing = 3

    await adapter.upsert([offer()])

    assert fake.lines == [
        "POST /indexes/listings/documents?primaryKey=id",
        "GET /tasks/0",
        "GET /tasks/0",
        "GET /tasks/0",
        "GET /tasks/0",
    ]


async def test_delete_sends_encoded_ids_in_batches(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    await adapter.delete([OFFER_ID, NEED_ID, INITIATIVE_ID])

    assert fake.lines == [
        "POST /indexes/listings/documents/delete-batch",
        *task_polls(0),
        "POST /indexes/listings/documents/delete-batch",
        *task_polls(1),
    ]
    assert [call.body for call in fake.writes()] == [
        [
            "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
            "need-5a1d7e90-2c4b-4f6a-8e3d-1b2c3d4e5f60",
        ],
        ["initiative-9c8b7a65-4321-4fed-8cba-0987654321ab"],
    ]


async def test_empty_writes_send_nothing(adapter: MeilisearchIndex, fake: FakeMeilisearch) -> None:
    await adapter.upsert([])
    await adapter.delete([])

    assert fake.calls == []


async def test_count_reads_the_index_stats(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.number_of_documents = 42

    assert await adapter.count() == 42
    assert fake.lines == ["GET /indexes/listings/stats"]
