"""The search indexer: the outbox consumer for `Consumer.SEARCH`, and the full rebuild.

Events carry identifiers only. For each batch the indexer re-reads the current public state of
every listing named, upserts the documents of those still public and deletes the others, so
handling an event twice, late or out of order leaves the index as the database says. A crash
between the index write and the outbox commit only means the batch is handled again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.outbox import Handler
from db.repositories.search import (
    LISTING_KINDS,
    SqlSearchSource,
    hold_index_writes,
    hold_rebuild,
)
from db.repositories.vector_store import SqlVectorStore
from domain.events import EntityKind, ListingChanged
from domain.search import DocumentKind, SearchDocument, SearchIndex
from search.documents import (
    document_id,
    document_kind,
    listing_document,
    organization_document,
)

logger = logging.getLogger(__name__)

REBUILD_BATCH = 1000


@dataclass(frozen=True, slots=True)
class IndexChanges:
    upserts: list[SearchDocument]
    deletes: list[str]


async def changes_for(session: AsyncSession, events: Sequence[ListingChanged]) -> IndexChanges:
    """What the index must do so that the documents of `events` match the database."""
    source = SqlSearchSource(session)
    wanted: dict[EntityKind, set[UUID]] = defaultdict(set)
    for event in events:
        if document_kind(event.kind) is not None:
            wanted[event.kind].add(event.entity_id)
    organization_ids = sorted(wanted.pop(EntityKind.ORGANIZATION, set()))
    upserts: list[SearchDocument] = []
    deletes: list[str] = []

    if organization_ids:
        public = {o.id: o for o in await source.public_organizations(organization_ids)}
        for organization_id in organization_ids:
            organization = public.get(organization_id)
            document = organization_document(organization) if organization else None
            if document is None:
                deletes.append(f"organization:{organization_id}")
            else:
                upserts.append(document)
        # Listing documents carry the owner's name and kind: refresh them too.
        for kind, ids in (await source.listing_ids_of(organization_ids)).items():
            wanted[kind].update(ids)

    for kind in LISTING_KINDS:
        ids = sorted(wanted.get(kind, set()))
        if not ids:
            continue
        found = {p.listing.id: p for p in await source.public_listings(kind, ids)}
        target = document_kind(kind)
        assert target is not None
        for listing_id in ids:
            public_listing = found.get(listing_id)
            document = (
                listing_document(public_listing.listing, public_listing.organization)
                if public_listing
                else None
            )
            if document is None:
                deletes.append(document_id(target, listing_id))
            else:
                upserts.append(document)
    return IndexChanges(upserts, deletes)


async def with_vectors(
    session: AsyncSession, documents: Sequence[SearchDocument], model: str | None
) -> list[SearchDocument]:
    """The listing documents given their stored vector by `model` (for a backend that keeps
    vectors itself); a listing not embedded yet keeps none (the embedder queues it again)."""
    if model is None:
        return list(documents)
    wanted: dict[str, list[UUID]] = defaultdict(list)
    for document in documents:
        if document.kind is not DocumentKind.ORGANIZATION:
            wanted[document.kind.value].append(UUID(document.id.split(":", 1)[1]))
    store = SqlVectorStore(session)
    found: dict[str, tuple[float, ...]] = {}
    for kind, ids in wanted.items():
        for subject_id, vector in (await store.subject_vectors(kind, ids, model)).items():
            found[f"{kind}:{subject_id}"] = vector
    return [replace(d, vector=found[d.id]) if d.id in found else d for d in documents]


def search_handler(index: SearchIndex, *, vector_model: str | None = None) -> Handler:
    """The outbox handler for Consumer.SEARCH. With `vector_model`, listing documents carry
    their stored vector by that model (Meilisearch hybrid search)."""

    async def handle(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        await hold_index_writes(session)
        changes = await changes_for(session, events)
        if changes.upserts:
            await index.upsert(await with_vectors(session, changes.upserts, vector_model))
        if changes.deletes:
            await index.delete(changes.deletes)
        logger.debug(
            "search batch indexed",
            extra={"upserted": len(changes.upserts), "deleted": len(changes.deletes)},
        )

    return handle


async def public_documents(
    session: AsyncSession, batch_size: int = REBUILD_BATCH, vector_model: str | None = None
) -> AsyncIterator[list[SearchDocument]]:
    """Every public document, in batches, read in `session` (listings with their vector by
    `vector_model` when given)."""
    source = SqlSearchSource(session)
    async for organizations in source.all_public_organizations(batch_size):
        organization_documents = [organization_document(o) for o in organizations]
        yield [d for d in organization_documents if d is not None]
    for kind in LISTING_KINDS:
        async for listings in source.all_public_listings(kind, batch_size):
            built = [listing_document(p.listing, p.organization) for p in listings]
            documents = [d for d in built if d is not None]
            yield await with_vectors(session, documents, vector_model)


async def reindex(
    sessions: async_sessionmaker[AsyncSession],
    index: SearchIndex,
    *,
    batch_size: int = REBUILD_BATCH,
    progress: Callable[[int, int], None] | None = None,
    vector_model: str | None = None,
) -> int:
    """Rebuild the whole index from the database; returns the number of documents.

    The rebuild holds the index-write lock: indexer batches in flight finish first, new ones
    wait, and events committed meanwhile stay in the outbox to be applied after the swap. The
    database is read in one REPEATABLE READ snapshot taken once the lock is held. Interrupted,
    the backend keeps its previous content (its rebuild is atomic) and the lock is released
    with the connection.
    """
    await index.ensure_ready()
    async with sessions() as lock_session, lock_session.begin():
        await hold_rebuild(lock_session)
        async with sessions() as read_session:
            # Setting the isolation level begins the session's transaction (read only here).
            await read_session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            try:
                total = await SqlSearchSource(read_session).count_public()
                done = 0
                if progress is not None:
                    progress(0, total)

                async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
                    nonlocal done
                    async for batch in public_documents(read_session, batch_size, vector_model):
                        yield batch
                        done += len(batch)
                        if progress is not None:
                            progress(done, total)

                return await index.rebuild(batches())
            finally:
                await read_session.rollback()
