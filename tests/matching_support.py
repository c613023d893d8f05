"""Helpers for matching tests: a fake embedder for the Embedder port and an outbox drain
that runs the production search and embedding handlers inside the test's transaction."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import outbox
from domain.events import Consumer
from domain.matching import Embedder
from innovex.worker import Worker
from matching.indexer import embedding_handler
from matching.text import fold
from search.indexer import search_handler
from search.postgres import PostgresSearchIndex

FAKE_MODEL = "fake-bag-of-words"
_WORD = re.compile(r"[^\W_]+")


class BagOfWordsEmbedder:
    """Each folded word of 3+ letters hashed into one of 384 dimensions, L2-normalised: texts
    sharing words are similar. Deterministic and instant."""

    model_name = FAKE_MODEL
    dimension = 384

    def __init__(self) -> None:
        self.calls = 0
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        self.calls += 1
        self.texts.extend(texts)
        out: list[list[float]] = []
        for text in texts:
            v = [0.0] * self.dimension
            for word in _WORD.findall(fold(text)):
                if len(word) >= 3:
                    h = int(hashlib.sha1(word.encode()).hexdigest()[:8], 16)
                    v[h % self.dimension] += 1.0
            norm = math.sqrt(sum(x * x for x in v)) or 1.0
            out.append([x / norm for x in v])
        return out


async def drain(
    sessions: async_sessionmaker[AsyncSession], embedder: Embedder, model: str = FAKE_MODEL
) -> int:
    """What the worker does: index and embed every pending outbox event. Inside the test's
    transaction now() is the transaction's start, so pending events are made due first."""
    async with sessions() as session:
        await session.execute(update(outbox).values(next_attempt_at=func.now()))
        await session.commit()
    worker = Worker(
        sessions,
        {
            Consumer.SEARCH: search_handler(PostgresSearchIndex(sessions)),
            Consumer.EMBEDDING: embedding_handler(embedder, model),
        },
    )
    return await worker.run_once()
