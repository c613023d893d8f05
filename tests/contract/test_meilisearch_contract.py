"""The SearchIndex contract against a real Meilisearch server.

Set MEILI_URL (and MEILI_API_KEY when the server has a master key) to run it, e.g.
`MEILI_URL=http://localhost:7700 pytest tests/contract`. Each test gets its own index,
`contract_<random>`, dropped afterwards, so the suite never touches the live "listings" index.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import pytest
from meilisearch_python_sdk import AsyncClient

from domain.search import SearchIndex
from search.meilisearch import MeilisearchIndex
from tests.contract.search_contract import SearchIndexContract

MEILI_URL = os.environ.get("MEILI_URL", "")
MEILI_API_KEY = os.environ.get("MEILI_API_KEY") or None

pytestmark = pytest.mark.skipif(
    not MEILI_URL, reason="MEILI_URL not set: no Meilisearch server on this machine"
)


@pytest.fixture
async def search_index() -> AsyncIterator[SearchIndex]:
    name = f"contract_{secrets.token_hex(4)}"
    client = AsyncClient(MEILI_URL, MEILI_API_KEY, timeout=30)
    # A small batch size so that the suite exercises batching too.
    index = MeilisearchIndex(client=client, index_name=name, batch_size=2)
    try:
        yield index
    finally:
        await client.delete_index_if_exists(name)
        await client.aclose()


class TestMeilisearchContract(SearchIndexContract):
    pass
