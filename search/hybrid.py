"""Hybrid search: the query embedded at request time, handed to the backend with the text.

`HybridSearchIndex` wraps any SearchIndex: for a search with text it embeds the text through
the `Embedder` port (as a query: e5 models get their `query: ` prefix from the adapter) and
puts the vector in `SearchQuery.embedding`; the backend fuses the semantic ranking with its
lexical one. Without an embedder a deployment uses the backend as it is: lexical search.
An embedder that fails leaves the search lexical rather than failing it.
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from domain.matching import Embedder
from domain.search import (
    DocumentKind,
    QueryEmbedding,
    SearchDocument,
    SearchIndex,
    SearchQuery,
    SearchResult,
    Suggestion,
)

logger = logging.getLogger(__name__)

CACHE_SIZE = 2048


class HybridSearchIndex:
    """SearchIndex that adds the query's embedding (by `model`, the name its stored vectors
    carry) to every text search of `index`."""

    def __init__(
        self, index: SearchIndex, embedder: Embedder, model: str, *, cache_size: int = CACHE_SIZE
    ) -> None:
        self._index = index
        self._embedder = embedder
        self._model = model
        self._cache: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def backend(self) -> SearchIndex:
        return self._index

    async def embed_query(self, text: str) -> QueryEmbedding | None:
        key = " ".join(unicodedata.normalize("NFC", text).split())
        if not key:
            return None
        vector = self._cache.get(key)
        if vector is None:
            try:
                rows = await asyncio.to_thread(self._embedder.embed, [key], query=True)
            except Exception:
                logger.warning("query embedding failed; searching lexically", exc_info=True)
                return None
            vector = tuple(rows[0])
            self._cache[key] = vector
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return QueryEmbedding(vector, self._model)

    async def search(self, query: SearchQuery) -> SearchResult:
        if query.embedding is None and query.text.strip():
            query = replace(query, embedding=await self.embed_query(query.text))
        return await self._index.search(query)

    async def ensure_ready(self) -> None:
        await self._index.ensure_ready()

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        await self._index.upsert(documents)

    async def delete(self, ids: Sequence[str]) -> None:
        await self._index.delete(ids)

    async def suggest(
        self, prefix: str, kinds: Sequence[DocumentKind] = (), limit: int = 8
    ) -> list[Suggestion]:
        return await self._index.suggest(prefix, kinds, limit)

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        return await self._index.rebuild(batches)

    async def count(self) -> int:
        return await self._index.count()


if TYPE_CHECKING:
    _conforms_to_port: type[SearchIndex] = HybridSearchIndex
