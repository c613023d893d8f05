"""The search indexer gives Meilisearch the listings' stored vectors (issue 12, item 3): the exact
document payload, on a real PostgreSQL holding the vectors and the HTTP-level Meilisearch
stand-in of tests/unit/meilisearch_support.py (no Meilisearch server here)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import outbox
from domain.events import Consumer, EntityKind, ListingChanged
from domain.listings import OfferStatus
from matching.indexer import embedding_handler, index_subjects
from search.indexer import search_handler
from search.meilisearch import MeilisearchIndex
from search.meilisearch_schema import VectorSettings
from tests.factories import make_offer, make_organization, make_user
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain
from tests.unit.meilisearch_support import FakeMeilisearch, index_on

DOCUMENTS = "POST /indexes/listings/documents?primaryKey=id"


@pytest.fixture
def meili() -> FakeMeilisearch:
    return FakeMeilisearch(indexes={"listings": "id"})


@pytest.fixture
async def index(meili: FakeMeilisearch) -> AsyncIterator[MeilisearchIndex]:
    async with index_on(meili, vectors=VectorSettings(name="listings", dimensions=384)) as index:
        yield index


async def test_listing_documents_carry_the_stored_vector_as_vectors(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    index: MeilisearchIndex,
    meili: FakeMeilisearch,
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user, name="Mekong Hydrology")
    embedded = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Flood sensor network"
    )
    waiting = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Rain gauge telemetry"
    )
    await session.commit()
    embedder = BagOfWordsEmbedder()
    async with sessions() as s:  # only the first listing has been embedded so far
        await index_subjects(s, embedder, FAKE_MODEL, {"offer": {embedded.id}})
        await s.commit()
        [text] = embedder.texts
    [expected] = BagOfWordsEmbedder().embed([text])

    handle = search_handler(index, vector_model=FAKE_MODEL)
    async with sessions() as s:
        await handle(
            s,
            [
                ListingChanged(EntityKind.OFFER, embedded.id),
                ListingChanged(EntityKind.OFFER, waiting.id),
            ],
        )

    [call] = meili.only(DOCUMENTS)
    by_id = {d["title"]: d for d in call.body}
    vectors = by_id["Flood sensor network"]["_vectors"]
    assert list(vectors) == ["listings"]
    assert vectors["listings"] == pytest.approx(expected, abs=1e-6)
    assert len(vectors["listings"]) == 384
    assert by_id["Rain gauge telemetry"]["_vectors"] == {"listings": None}


async def test_new_vectors_send_their_listing_back_to_the_search_indexer(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user, name="Mekong Hydrology")
    offer = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, title="Flood sensor network"
    )
    await session.commit()
    await drain(sessions, BagOfWordsEmbedder())  # indexed and embedded: outbox empty

    async def search_rows() -> int:
        rows = await session.execute(
            select(outbox.c.payload).where(
                outbox.c.consumer == Consumer.SEARCH.value, outbox.c.parked_at.is_(None)
            )
        )
        return sum(1 for r in rows if r.payload["entity_id"] == str(offer.id))

    assert await search_rows() == 0
    event = [ListingChanged(EntityKind.OFFER, offer.id)]
    async with sessions() as s:  # same text, same model: nothing new, nothing queued
        await embedding_handler(BagOfWordsEmbedder(), FAKE_MODEL, search_keeps_vectors=True)(
            s, event
        )
        await s.commit()
    assert await search_rows() == 0
    async with sessions() as s:  # another model: new vectors, the document must follow
        await embedding_handler(BagOfWordsEmbedder(), "another-model", search_keeps_vectors=True)(
            s, event
        )
        await s.commit()
    assert await search_rows() == 1
