"""The SearchIndex contract against the PostgreSQL backend (always runs).

The suite commits (the index writes in its own transactions), and `rebuild` replaces the whole
index, so it runs on a database of its own, dropped at the end, never on the shared test one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_sessionmaker
from domain.search import SearchIndex
from search.postgres import PostgresSearchIndex
from tests.conftest import disposing_engine, scratch_database
from tests.contract.search_contract import SearchIndexContract


@pytest.fixture(scope="module")
def search_database_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_search_contract") as url:
        yield url


@pytest.fixture(scope="module")
async def search_engine(search_database_url: str) -> AsyncIterator[AsyncEngine]:
    async with disposing_engine(search_database_url, pool_size=2) as engine:
        yield engine


@pytest.fixture
def search_index(search_engine: AsyncEngine) -> SearchIndex:
    # A small batch size so that the suite exercises batching too.
    return PostgresSearchIndex(make_sessionmaker(search_engine), batch_size=2)


class TestPostgresContract(SearchIndexContract):
    pass
