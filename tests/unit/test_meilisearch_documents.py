"""MeilisearchIndex documents: ids and payloads as Meilisearch stores them, nothing
confidential in them, and how they are written (batches that wait for their tasks) and counted.
The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

import pytest

from domain.search import DocumentKind, SearchDocument
from search.meilisearch import (
    MeilisearchIndex,
    decode_id,
    encode_id,
    from_meili_document,
    to_meili_document,
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


def test_ids_lose_their_colon_for_meilisearch_and_get_it_back() -> None:
    assert encode_id(OFFER_ID) == "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01"
    assert decode_id("offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01") == OFFER_ID
    for document_id in (OFFER_ID, NEED_ID, INITIATIVE_ID, "organization:42"):
        assert decode_id(encode_id(document_id)) == document_id


@pytest.mark.parametrize("bad", ["offer", "offer:", ":abc", "offer:a/b", "Offer:abc", "a:b:c"])
def test_ids_outside_the_port_format_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="is not '<kind>:<key>'"):
        encode_id(bad)


def test_document_maps_to_meilisearch_json_and_back() -> None:
    assert to_meili_document(offer()) == OFFER_JSON
    assert from_meili_document(OFFER_JSON) == offer()


def test_document_without_optional_values_maps_to_nulls() -> None:
    document = SearchDocument(id=NEED_ID, kind=DocumentKind.NEED, title="Cần máy sấy lúa")

    payload = to_meili_document(document)

    assert payload == {
        "id": "need-5a1d7e90-2c4b-4f6a-8e3d-1b2c3d4e5f60",
        "kind": "need",
        "title": "Cần máy sấy lúa",
        "summary": "",
        "keywords": [],
        "body": "",
        "language": "vi",
        "field_code": None,
        "trl": None,
        "province": None,
        "ip_status": None,
        "transfer_modes": [],
        "status": "",
        "organization_id": None,
        "organization_name": None,
        "organization_kind": None,
        "organization_verified": False,
        "updated_at": None,
    }
    assert from_meili_document(payload) == document


@dataclass(frozen=True, slots=True)
class _OfferWithSecrets(SearchDocument):
    """What a careless caller might pass: a richer object that carries confidential data."""

    contact_email: str = "owner@example.vn"
    review_notes: str = "Hội đồng: chưa đạt, thiếu số liệu thử nghiệm"


def test_confidential_data_never_reaches_a_meilisearch_document() -> None:
    # The vector travels as `_vectors`, and only to an index with an embedder.
    port_fields = {f.name for f in fields(SearchDocument)} - {"vector"}

    payload = to_meili_document(_OfferWithSecrets(**{f: getattr(offer(), f) for f in port_fields}))

    assert set(payload) == port_fields
    assert "owner@example.vn" not in json.dumps(payload, ensure_ascii=False)
    assert "Hội đồng" not in json.dumps(payload, ensure_ascii=False)


async def test_upsert_sends_only_search_document_fields(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    port_fields = {f.name for f in fields(SearchDocument)} - {"vector"}
    leaky = _OfferWithSecrets(**{f: getattr(offer(), f) for f in port_fields})

    await adapter.upsert([leaky])

    [call] = fake.only("POST /indexes/listings/documents?primaryKey=id")
    assert [set(document) for document in call.body] == [port_fields]
    assert call.body == [OFFER_JSON]


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
