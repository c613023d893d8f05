"""The embedder: the outbox consumer for `Consumer.EMBEDDING`, and the full backfill.

Events carry identifiers only. For each batch the handler re-reads every subject named,
embeds the chunks of those whose text (or the model) changed since they were last embedded,
updates the visibility of the others, deletes the vectors of subjects that no longer exist,
and refreshes the supplier profile of every organisation whose portfolio was touched. So
handling an event twice, late or out of order leaves the vectors as the database says, and
an unchanged listing is never embedded twice.

Embedding is CPU-bound and blocking: it runs in a worker thread (`asyncio.to_thread`) so the
worker's event loop keeps serving its other consumers. It only ever runs here and in the
backfill, never inside an API request.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.outbox import Handler, SqlOutbox
from db.repositories.embedding_source import SqlEmbeddingSource
from db.repositories.vector_sql import SUBJECT_KINDS
from db.repositories.vector_store import SqlVectorStore
from domain.events import Consumer, EntityKind, ListingChanged
from domain.matching import LISTING_KINDS, Embedder
from matching.vectors import QUERY_KINDS, subject_chunks, subject_language, text_hash

logger = logging.getLogger(__name__)

BACKFILL_BATCH: Final = 64
_EVENT_KINDS: Final = {
    EntityKind.INITIATIVE: "initiative",
    EntityKind.OFFER: "offer",
    EntityKind.NEED: "need",
    EntityKind.FUND: "fund",
}
_ENTITY_KINDS: Final = {kind: entity for entity, kind in _EVENT_KINDS.items()}


@dataclass(frozen=True, slots=True)
class _Pending:
    """A subject whose text changed: embedded, then stored with what was read beside it."""

    kind: str
    subject_id: UUID
    organization_id: UUID
    public: bool
    digest: str
    language: str
    chunks: list[str]


@dataclass(slots=True)
class IndexStats:
    embedded: int = 0  # subjects (re-)embedded
    chunks: int = 0
    unchanged: int = 0
    deleted: int = 0
    fresh: list[tuple[str, UUID]] = field(default_factory=list)  # public (kind, id), new vectors


async def index_subjects(
    session: AsyncSession,
    embedder: Embedder,
    model: str,
    wanted: dict[str, set[UUID]],
) -> IndexStats:
    """Bring the vectors of the named subjects in line with the database."""
    source = SqlEmbeddingSource(session)
    store = SqlVectorStore(session)
    stats = IndexStats()
    touched_orgs: set[UUID] = set()
    pending: list[_Pending] = []
    for kind in SUBJECT_KINDS:
        ids = sorted(wanted.get(kind, set()))
        if not ids:
            continue
        rows = {r.id: r for r in await source.subjects(kind, ids)}
        stored = await store.stored(kind, ids)
        gone = [i for i in ids if i not in rows]
        if kind in LISTING_KINDS:
            touched_orgs |= {stored[i].organization_id for i in ids if i in stored}
        if gone:
            await store.delete(kind, gone)
            stats.deleted += len(gone)
        for subject_id, row in rows.items():
            chunks = subject_chunks(row)
            digest = text_hash(model, chunks)
            language = subject_language(row)
            if kind in LISTING_KINDS:
                touched_orgs.add(row.organization_id)
            before = stored.get(subject_id)
            if before is not None and before.model == model and before.text_hash == digest:
                stats.unchanged += 1
                if (before.public, before.organization_id, before.language) != (
                    row.public,
                    row.organization_id,
                    language,
                ):
                    await store.set_visibility(
                        kind,
                        subject_id,
                        organization_id=row.organization_id,
                        public=row.public,
                        language=language,
                    )
                continue
            pending.append(
                _Pending(
                    kind, subject_id, row.organization_id, row.public, digest, language, chunks
                )
            )
    if pending:
        vectors = await asyncio.to_thread(_embed_by_role, embedder, pending)
        for p in pending:
            await store.replace(
                p.kind,
                p.subject_id,
                organization_id=p.organization_id,
                public=p.public,
                model=model,
                text_hash=p.digest,
                vectors=vectors[(p.kind, p.subject_id)],
                language=p.language,
            )
            stats.embedded += 1
            stats.chunks += len(p.chunks)
            if p.public:  # only public listings have a search document to refresh
                stats.fresh.append((p.kind, p.subject_id))
    if touched_orgs:
        await store.refresh_supplier_profiles(
            sorted(touched_orgs), model=model, dimension=embedder.dimension
        )
    return stats


def _embed_by_role(
    embedder: Embedder, pending: Sequence[_Pending]
) -> dict[tuple[str, UUID], list[list[float]]]:
    """Vectors of the pending subjects' chunks: needs and fund theses are embedded as queries
    (they ask), listings as passages (they answer), one `embed` call per role."""
    out: dict[tuple[str, UUID], list[list[float]]] = {}
    for query in (False, True):
        mine = [p for p in pending if (p.kind in QUERY_KINDS) == query]
        texts = [chunk for p in mine for chunk in p.chunks]
        if not texts:
            continue
        vectors = embedder.embed(texts, query=query)
        at = 0
        for p in mine:
            out[(p.kind, p.subject_id)] = vectors[at : at + len(p.chunks)]
            at += len(p.chunks)
    return out


async def announce_to_search(session: AsyncSession, fresh: Sequence[tuple[str, UUID]]) -> None:
    """Ask the search indexer to rewrite the documents of listings given new vectors, for a
    search backend that keeps vectors in its documents (Meilisearch's `_vectors`)."""
    outbox = SqlOutbox(session, (Consumer.SEARCH,))
    for kind, subject_id in fresh:
        if kind != "fund":  # fund theses are not searched
            await outbox.record(ListingChanged(_ENTITY_KINDS[kind], subject_id))


def embedding_handler(
    embedder: Embedder, model: str, *, search_keeps_vectors: bool = False
) -> Handler:
    """The outbox handler for Consumer.EMBEDDING. With `search_keeps_vectors`, listings given
    new vectors are queued for the search indexer too (it copies them into their documents)."""

    async def handle(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        wanted: dict[str, set[UUID]] = defaultdict(set)
        for event in events:
            kind = _EVENT_KINDS.get(event.kind)
            if kind is not None:  # organisation events change no text that is embedded
                wanted[kind].add(event.entity_id)
        stats = await index_subjects(session, embedder, model, wanted)
        if search_keeps_vectors:
            await announce_to_search(session, stats.fresh)
        logger.debug(
            "embedding batch handled",
            extra={"embedded": stats.embedded, "chunks": stats.chunks, "deleted": stats.deleted},
        )

    return handle


async def backfill(
    sessions: async_sessionmaker[AsyncSession],
    embedder: Embedder,
    model: str,
    *,
    batch_size: int = BACKFILL_BATCH,
    progress: Callable[[int, int], None] | None = None,
    search_keeps_vectors: bool = False,
) -> IndexStats:
    """Embed every subject that is missing or stale for `model`, batch by batch (one commit
    each, so an interrupted backfill resumes where it stopped), create the model's HNSW index
    and drop the vectors of any other model."""
    async with sessions() as session:
        source = SqlEmbeddingSource(session)
        total = sum([await source.count(kind) for kind in SUBJECT_KINDS])
    done = 0
    totals = IndexStats()
    if progress is not None:
        progress(0, total)
    for kind in SUBJECT_KINDS:
        async with sessions() as reader:
            batches = [b async for b in SqlEmbeddingSource(reader).ids(kind, batch_size)]
        for ids in batches:
            async with sessions() as session, session.begin():
                stats = await index_subjects(session, embedder, model, {kind: set(ids)})
                if search_keeps_vectors:
                    await announce_to_search(session, stats.fresh)
            totals.embedded += stats.embedded
            totals.chunks += stats.chunks
            totals.unchanged += stats.unchanged
            done += len(ids)
            if progress is not None:
                progress(done, total)
    async with sessions() as session, session.begin():
        store = SqlVectorStore(session)
        totals.deleted = await store.delete_other_models(model)
        await store.create_index(model, embedder.dimension)
    return totals
