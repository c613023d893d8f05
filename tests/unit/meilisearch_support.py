"""A Meilisearch stand-in at the HTTP level, and what the MeilisearchIndex tests share.

No Meilisearch server runs here. The official client is built as usual, but its httpx2 client
gets a MockTransport that plays Meilisearch's side of the protocol: writes are answered with an
enqueued task, `GET /tasks/{uid}` reports `processing` and then the final status, index routes
answer like the real ones (404 `index_not_found`, 202 task summaries). Every request is recorded,
so each test asserts the exact method, path and JSON body the adapter sends. The fixtures `fake`
and `adapter` reach every test through `pytest_plugins` in tests/conftest.py.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk._client import _async_client

from domain.search import DocumentKind, SearchDocument
from search.meilisearch import MeilisearchIndex

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
