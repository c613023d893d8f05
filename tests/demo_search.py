"""The demo dataset loaded into a database of its own, indexed and embedded once, for search
and matching tests that ask what a user of the demo would ask."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.repositories.embedding_source import SqlEmbeddingSource
from domain.matching import Embedder
from innovex.demo.content import generate_demo
from innovex.seed import load_dataset
from matching.indexer import index_subjects
from security.receipts import Ed25519ReceiptSigner
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain


async def load_demo(engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
    data = generate_demo(reference_date=date(2026, 11, 1))
    async with sessions() as session:
        await load_dataset(session, data, Ed25519ReceiptSigner.from_secret("s" * 40))
        await session.commit()
    while await drain(sessions, BagOfWordsEmbedder(), FAKE_MODEL):
        pass


async def public_subject_ids(session: AsyncSession) -> dict[str, set[UUID]]:
    """The public offers, initiatives and needs: what the real model must embed for search and
    matching (drafts and funds are left out to keep the module's embedding time down)."""
    source = SqlEmbeddingSource(session)
    wanted: dict[str, set[UUID]] = {}
    for kind in ("offer", "initiative", "need"):
        async for ids in source.ids(kind, 500):
            rows = await source.subjects(kind, ids)
            wanted.setdefault(kind, set()).update(r.id for r in rows if r.public)
    return wanted


async def embed_public_demo(
    sessions: async_sessionmaker[AsyncSession], embedder: Embedder, model: str
) -> int:
    """Embed the loaded demo's public listings with `embedder`, stored under `model` (the
    worker's own `index_subjects`); returns how many were embedded."""
    async with sessions() as session:
        stats = await index_subjects(session, embedder, model, await public_subject_ids(session))
        await session.commit()
    return stats.embedded
