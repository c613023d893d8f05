"""Federation tests that need real commits get their own scratch database per module."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import make_engine, make_sessionmaker
from tests.conftest import scratch_database

MARKER = "MẬT-CONFIDENTIAL-7f3a"


@pytest.fixture(scope="module")
def committed_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_fed") as url:
        yield url


@pytest.fixture
async def committed(committed_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(committed_url, pool_size=8)
    factory = make_sessionmaker(engine)
    yield factory
    async with factory() as s:
        await s.execute(
            text(
                "TRUNCATE outbox, feed_items, feed_state, webhook_deliveries, "
                "webhook_subscriptions, federated_records, api_keys, audit_log, "
                "listing_status_changes, listing_versions, technology_offers, needs, "
                "initiatives, memberships, auth_tokens, organizations, users CASCADE"
            )
        )
        await s.commit()
    await engine.dispose()
