"""MeilisearchIndex documents: ids and payloads as Meilisearch stores them, and nothing
confidential in them. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields

import pytest

from domain.search import (
    DocumentKind,
    SearchDocument,
)
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
