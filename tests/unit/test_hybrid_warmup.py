"""The API's first searches do not wait for the embedding model to load: they stay lexical while
it loads in the background, and later searches carry the query's vector."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

from domain.search import SearchQuery, SearchResult
from search.hybrid import HybridSearchIndex


class SlowLoadingEmbedder:
    """Loads on first use, like the sentence-transformers adapters; `release` ends the load."""

    def __init__(self) -> None:
        self.loaded = False
        self.release = threading.Event()

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        if not self.loaded:
            self.release.wait(timeout=10)
            self.loaded = True
        return [[1.0, 0.0] for _ in texts]


class RecordingIndex:
    def __init__(self) -> None:
        self.queries: list[SearchQuery] = []

    async def search(self, query: SearchQuery) -> SearchResult:
        self.queries.append(query)
        return SearchResult(hits=[], total=0, facets={}, processing_ms=0.0)


async def test_searches_stay_lexical_until_the_model_has_loaded() -> None:
    embedder = SlowLoadingEmbedder()
    backend = RecordingIndex()
    index = HybridSearchIndex(backend, embedder, "model")  # type: ignore[arg-type]

    await asyncio.wait_for(index.search(SearchQuery("điện mặt trời")), timeout=1)
    await asyncio.wait_for(index.search(SearchQuery("điện mặt trời")), timeout=1)
    assert [q.embedding for q in backend.queries] == [None, None]

    embedder.release.set()
    for _ in range(100):  # the background load finishes
        if embedder.loaded:
            break
        await asyncio.sleep(0.01)
    await index.search(SearchQuery("điện mặt trời"))
    last = backend.queries[-1].embedding
    assert last is not None
    assert last.model == "model"
