"""MeilisearchIndex failures: a failed task, an API error and an unreachable server all
become SearchBackendError. The HTTP-level stand-in is in meilisearch_support."""

from __future__ import annotations

import httpx2
import pytest

from search.errors import SearchBackendError
from search.meilisearch import MeilisearchIndex
from tests.unit.meilisearch_support import (
    INITIATIVE_ID,
    NEED_ID,
    FakeMeilisearch,
    client_on,
    offer,
    task_polls,
)


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
