"""MeilisearchIndex, checked at the HTTP boundary.

No Meilisearch server runs here. The official client is built as usual, but its httpx2 client
gets a MockTransport that plays Meilisearch's side of the protocol: writes are answered with an
enqueued task, `GET /tasks/{uid}` reports `processing` and then the final status, index routes
answer like the real ones (404 `index_not_found`, 202 task summaries). Every request is recorded,
so each test asserts the exact method, path and JSON body the adapter sends.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk._client import _async_client

from domain.search import (
    FACETS,
    DocumentKind,
    SearchDocument,
    SearchFilter,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchSort,
    Suggestion,
)
from search.errors import SearchBackendError
from search.meilisearch import (
    MeilisearchIndex,
    decode_id,
    encode_id,
    from_meili_document,
    to_meili_document,
)

MEILI_URL = "http://meili.test"
API_KEY = "test-master-key"
OFFER_ID = "offer:0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01"
NEED_ID = "need:5a1d7e90-2c4b-4f6a-8e3d-1b2c3d4e5f60"
INITIATIVE_ID = "initiative:9c8b7a65-4321-4fed-8cba-0987654321ab"

EXPECTED_SETTINGS_KEYS = {
    "searchableAttributes",
    "filterableAttributes",
    "sortableAttributes",
    "rankingRules",
    "synonyms",
    "typoTolerance",
    "faceting",
    "pagination",
}
RETRIEVED = [
    "id",
    "kind",
    "title",
    "keywords",
    "summary",
    "body",
    "organization_name",
    "organization_verified",
]
# What the adapter asks Meilisearch to facet on, spelled out so a change to domain.search shows.
FACETED = [
    "kind",
    "field_code",
    "province",
    "trl",
    "ip_status",
    "transfer_modes",
    "status",
    "organization_kind",
]
HIGHLIGHTED = ["title", "keywords", "summary", "body", "organization_name"]
TASK_TIME = "2025-09-01T08:00:00.000000Z"


# -- a Meilisearch stand-in at the HTTP level ----------------------------------------------------


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # with the query string, e.g. "/indexes/listings/documents?primaryKey=id"
    body: Any
    authorization: str | None

    @property
    def line(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class FakeMeilisearch:
    indexes: dict[str, str | None] = field(default_factory=dict)  # uid -> primary key
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    # Task type -> error object: the next task of that type ends "failed" with this error.
    fail_next: dict[str, dict[str, str]] = field(default_factory=dict)
    # How many polls of a task answer "processing" before its final status.
    polls_while_processing: int = 1
    search_response: dict[str, Any] = field(default_factory=dict)
    error_response: tuple[int, dict[str, str]] | None = None
    number_of_documents: int = 0
    _polls: dict[int, int] = field(default_factory=dict)

    # requests ------------------------------------------------------------------------------

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query.decode()
        body = json.loads(request.content) if request.content else None
        self.calls.append(Call(request.method, path, body, request.headers.get("authorization")))
        method, route = request.method, request.url.path
        if method == "GET" and (match := re.fullmatch(r"/tasks/(\d+)", route)):
            return self._poll(int(match[1]))
        if self.error_response is not None:
            status, error = self.error_response
            return httpx2.Response(status, json=error)
        if method == "POST" and route == "/indexes":
            assert isinstance(body, dict)
            return self._enqueue("indexCreation", body["uid"], body)
        if method == "POST" and route == "/swap-indexes":
            return self._enqueue("indexSwap", None, body)
        match = re.fullmatch(r"/indexes/([\w-]+)(/.*)?", route)
        assert match is not None, f"unexpected route {method} {route}"
        uid, rest = match[1], match[2] or ""
        if method == "GET" and rest == "":
            return self._get_index(uid)
        if method == "DELETE" and rest == "":
            return self._enqueue("indexDeletion", uid, None)
        if method == "PATCH" and rest == "/settings":
            return self._enqueue("settingsUpdate", uid, body)
        if method == "POST" and rest == "/documents":
            return self._enqueue("documentAdditionOrUpdate", uid, body)
        if method == "POST" and rest == "/documents/delete-batch":
            return self._enqueue("documentDeletion", uid, body)
        if method == "POST" and rest == "/search":
            return httpx2.Response(200, json=self.search_response)
        if method == "GET" and rest == "/stats":
            return httpx2.Response(
                200,
                json={
                    "numberOfDocuments": self.number_of_documents,
                    "isIndexing": False,
                    "fieldDistribution": {},
                },
            )
        raise AssertionError(f"unexpected route {method} {route}")

    def _get_index(self, uid: str) -> httpx2.Response:
        if uid not in self.indexes:
            return httpx2.Response(
                404,
                json={
                    "message": f"Index `{uid}` not found.",
                    "code": "index_not_found",
                    "type": "invalid_request",
                    "link": "https://docs.meilisearch.com/errors#index_not_found",
                },
            )
        return httpx2.Response(
            200,
            json={
                "uid": uid,
                "primaryKey": self.indexes[uid],
                "createdAt": TASK_TIME,
                "updatedAt": TASK_TIME,
            },
        )

    def _enqueue(self, task_type: str, uid: str | None, body: Any) -> httpx2.Response:
        task_uid = len(self.tasks)
        error = self.fail_next.pop(task_type, None)
        self.tasks[task_uid] = {
            "uid": task_uid,
            "batchUid": task_uid,
            "indexUid": uid,
            "type": task_type,
            "canceledBy": None,
            "details": {},
            "error": error,
            "duration": "PT0.004S",
            "enqueuedAt": TASK_TIME,
            "startedAt": TASK_TIME,
            "finishedAt": TASK_TIME,
            "final_status": "failed" if error else "succeeded",
        }
        if error is None:
            self._apply(task_type, uid, body)
        return httpx2.Response(
            202,
            json={
                "taskUid": task_uid,
                "indexUid": uid,
                "status": "enqueued",
                "type": task_type,
                "enqueuedAt": TASK_TIME,
            },
        )

    def _apply(self, task_type: str, uid: str | None, body: Any) -> None:
        if task_type == "indexCreation" and uid is not None:
            self.indexes[uid] = body.get("primaryKey")
        elif task_type == "indexDeletion" and uid is not None:
            self.indexes.pop(uid, None)

    def _poll(self, task_uid: int) -> httpx2.Response:
        task = dict(self.tasks[task_uid])
        final_status = task.pop("final_status")
        polls = self._polls.get(task_uid, 0)
        self._polls[task_uid] = polls + 1
        if polls < self.polls_while_processing:
            task.update(status="processing", error=None, duration=None, finishedAt=None)
        else:
            task["status"] = final_status
        return httpx2.Response(200, json=task)

    # assertions helpers -------------------------------------------------------------------

    @property
    def lines(self) -> list[str]:
        return [call.line for call in self.calls]

    def writes(self) -> list[Call]:
        return [call for call in self.calls if call.method != "GET"]

    def only(self, line: str) -> list[Call]:
        return [call for call in self.calls if call.line == line]


def client_on(fake: FakeMeilisearch) -> AsyncClient:
    """The official client, wired to the fake.

    AsyncClient takes no transport: it builds its httpx2.AsyncClient in __init__ and hands that
    one object to every AsyncIndex and request helper it creates. Supplying the transport at
    that single construction point (the documented httpx way to mock a client) keeps every
    request on the fake while the client sets base URL, auth header and timeouts itself.
    """
    transport = httpx2.MockTransport(fake.handle)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            _async_client,
            "HttpxAsyncClient",
            functools.partial(httpx2.AsyncClient, transport=transport),
        )
        return AsyncClient(MEILI_URL, API_KEY)


@pytest.fixture
def fake() -> FakeMeilisearch:
    return FakeMeilisearch(indexes={"listings": "id"})


@asynccontextmanager
async def index_on(fake: FakeMeilisearch, **options: Any) -> AsyncIterator[MeilisearchIndex]:
    """The adapter on the fake's `listings` index, polling tasks every millisecond."""
    client = client_on(fake)
    yield MeilisearchIndex(
        client=client,
        index_name="listings",
        task_poll_interval_ms=1,
        task_timeout_ms=5_000,
        **options,
    )
    await client.aclose()


@pytest.fixture
async def adapter(fake: FakeMeilisearch) -> AsyncIterator[MeilisearchIndex]:
    async with index_on(fake, batch_size=2) as index:
        yield index


def task_polls(task_uid: int, times: int = 2) -> list[str]:
    return [f"GET /tasks/{task_uid}"] * times


def offer(**changes: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "id": OFFER_ID,
        "kind": DocumentKind.OFFER,
        "title": "Hệ thống cảnh báo lũ sớm",
        "summary": "Cảm biến mực nước và cảnh báo qua SMS cho vùng hạ lưu.",
        "keywords": ("cảnh báo sớm", "IoT"),
        "body": "Ưu điểm: chi phí thấp, lắp đặt nhanh.",
        "language": "vi",
        "field_code": "202",
        "trl": 7,
        "province": "quang-ngai",
        "ip_status": "patent_granted",
        "transfer_modes": ("license", "joint_venture"),
        "status": "published",
        "organization_id": "org-1",
        "organization_name": "Viện Thủy lợi miền Trung",
        "organization_kind": "research_institute",
        "organization_verified": False,
        "updated_at": datetime(2025, 9, 1, 8, 0, tzinfo=UTC),
    }
    values.update(changes)
    return SearchDocument(**values)


OFFER_JSON: dict[str, Any] = {
    "id": "offer-0b6f3c52-8f1e-4c55-9d0c-6c3b1f2a9e01",
    "kind": "offer",
    "title": "Hệ thống cảnh báo lũ sớm",
    "summary": "Cảm biến mực nước và cảnh báo qua SMS cho vùng hạ lưu.",
    "keywords": ["cảnh báo sớm", "IoT"],
    "body": "Ưu điểm: chi phí thấp, lắp đặt nhanh.",
    "language": "vi",
    "field_code": "202",
    "trl": 7,
    "province": "quang-ngai",
    "ip_status": "patent_granted",
    "transfer_modes": ["license", "joint_venture"],
    "status": "published",
    "organization_id": "org-1",
    "organization_name": "Viện Thủy lợi miền Trung",
    "organization_kind": "research_institute",
    "organization_verified": False,
    "updated_at": 1756713600,
}


def search_response(hits: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = {
        "hits": hits,
        "query": "",
        "processingTimeMs": 3,
        "hitsPerPage": 20,
        "page": 1,
        "totalPages": 1,
        "totalHits": len(hits),
        "facetDistribution": {},
        "facetStats": {},
    }
    response.update(extra)
    return response


# -- ids and documents ----------------------------------------------------------------------------


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


# -- ensure_ready ---------------------------------------------------------------------------------


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


async def test_a_failed_settings_task_raises(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.fail_next["settingsUpdate"] = {
        "message": "Attribute `trll` is not filterable.",
        "code": "invalid_settings_filterable_attributes",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#invalid_settings_filterable_attributes",
    }

    with pytest.raises(SearchBackendError) as raised:
        await adapter.ensure_ready()

    assert raised.value.operation == "ensure_ready"
    assert raised.value.task_status == "failed"
    assert raised.value.code == "invalid_settings_filterable_attributes"


# -- writes ---------------------------------------------------------------------------------------


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


async def test_a_failed_task_raises_search_backend_error_and_stops_the_batches(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.fail_next["documentAdditionOrUpdate"] = {
        "message": "Document identifier `offer:1` is invalid.",
        "code": "invalid_document_id",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#invalid_document_id",
    }

    with pytest.raises(SearchBackendError) as raised:
        await adapter.upsert([offer(), offer(id=NEED_ID), offer(id=INITIATIVE_ID)])

    error = raised.value
    assert error.operation == "upsert"
    assert error.task_uid == 0
    assert error.task_status == "failed"
    assert error.code == "invalid_document_id"
    assert "Document identifier `offer:1` is invalid." in str(error)
    assert fake.lines == ["POST /indexes/listings/documents?primaryKey=id", *task_polls(0)]


async def test_an_api_error_becomes_search_backend_error(
    adapter: MeilisearchIndex, fake: FakeMeilisearch
) -> None:
    fake.error_response = (
        401,
        {
            "message": "The provided API key is invalid.",
            "code": "invalid_api_key",
            "type": "auth",
            "link": "https://docs.meilisearch.com/errors#invalid_api_key",
        },
    )

    with pytest.raises(SearchBackendError) as raised:
        await adapter.upsert([offer()])

    assert raised.value.code == "invalid_api_key"
    assert raised.value.operation == "upsert"


async def test_an_unreachable_server_becomes_search_backend_error() -> None:
    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connection refused", request=request)

    fake = FakeMeilisearch()
    fake.handle = refuse  # type: ignore[method-assign]
    client = client_on(fake)
    index = MeilisearchIndex(client=client)

    with pytest.raises(SearchBackendError, match="connection refused"):
        await index.count()
    await client.aclose()


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


# -- search ---------------------------------------------------------------------------------------


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


# -- rebuild --------------------------------------------------------------------------------------


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
