"""The SearchIndex port on Meilisearch, through the official async client.

Meilisearch does every write as an asynchronous task. This adapter waits for each task it
enqueues and raises `SearchBackendError` unless the task ends `succeeded`, so a write that
returns has really been applied. Documents travel as `to_meili_document` builds them, from the
fields of `SearchDocument` only (the public projection), never from anything else.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import httpx2
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchApiError, MeilisearchError
from meilisearch_python_sdk.index import AsyncIndex
from meilisearch_python_sdk.models.search import Hybrid
from meilisearch_python_sdk.models.task import TaskInfo

from domain.search import (
    FACETS,
    DocumentKind,
    SearchDocument,
    SearchQuery,
    SearchResult,
    SearchSort,
    Suggestion,
)
from search.errors import SearchBackendError
from search.meilisearch_results import facet_counts, pagination, prefer_exact_diacritics, to_hit
from search.meilisearch_schema import (
    CROP_LENGTH,
    CROP_MARKER,
    CROPPED_ATTRIBUTES,
    HIGHLIGHT_POST_TAG,
    HIGHLIGHT_PRE_TAG,
    HIGHLIGHTED_ATTRIBUTES,
    PRIMARY_KEY,
    RETRIEVED_ATTRIBUTES,
    SORTS,
    VectorSettings,
    build_filter,
    decode_id,
    encode_id,
    from_meili_document,
    in_clause,
    index_settings,
    to_meili_document,
)

if TYPE_CHECKING:
    from domain.search import SearchIndex

# The adapter's public surface: ids and documents are read by the adapter's own tests too.
__all__ = [
    "MeilisearchIndex",
    "build_filter",
    "decode_id",
    "encode_id",
    "from_meili_document",
    "index_settings",
    "to_meili_document",
]

logger = logging.getLogger(__name__)


def _chunks(items: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _backend_errors(operation: str) -> Iterator[None]:
    """Turn the client's exceptions into SearchBackendError."""
    try:
        yield
    except MeilisearchApiError as error:
        raise SearchBackendError(operation, str(error), code=error.code or None) from error
    except (MeilisearchError, httpx2.HTTPError) as error:
        raise SearchBackendError(operation, str(error)) from error


class MeilisearchIndex:
    """SearchIndex on a Meilisearch server (`MEILI_URL`)."""

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        index_name: str = "listings",
        *,
        client: AsyncClient | None = None,
        batch_size: int = 1000,
        task_timeout_ms: int = 120_000,
        task_poll_interval_ms: int = 50,
        max_total_hits: int = 5000,
        max_values_per_facet: int = 200,
        http_timeout_s: int = 30,
        vectors: VectorSettings | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if client is None:
            if url is None:
                raise ValueError("MeilisearchIndex needs a url or a client")
            client = AsyncClient(url, api_key, timeout=http_timeout_s)
            self._owns_client = True
        else:
            self._owns_client = False
        self._client = client
        self._name = index_name
        self._index: AsyncIndex = client.index(index_name)
        self._batch_size = batch_size
        self._task_timeout_ms = task_timeout_ms
        self._task_poll_interval_ms = task_poll_interval_ms
        # With `vectors`, documents carry the listings' stored vectors and a search with an
        # embedding is hybrid (Meilisearch fuses keyword and vector rankings itself).
        self._vectors = vectors
        self._settings = index_settings(
            max_total_hits=max_total_hits,
            max_values_per_facet=max_values_per_facet,
            vectors=vectors,
        )

    @property
    def keeps_vectors(self) -> bool:
        """Whether documents must carry their listing's vector (hybrid search configured)."""
        return self._vectors is not None

    @property
    def index_name(self) -> str:
        return self._name

    async def aclose(self) -> None:
        """Close the HTTP client, if this adapter created it."""
        if self._owns_client:
            await self._client.aclose()

    # -- SearchIndex -----------------------------------------------------------------------

    async def ensure_ready(self) -> None:
        with _backend_errors("ensure_ready"):
            index = await self._get_or_create("ensure_ready", self._name)
            await self._apply_settings("ensure_ready", index)

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        payloads = [to_meili_document(document, self._vectors) for document in documents]
        with _backend_errors("upsert"):
            await self._add("upsert", self._index, payloads)

    async def delete(self, ids: Sequence[str]) -> None:
        encoded = [encode_id(document_id) for document_id in ids]
        with _backend_errors("delete"):
            for start in range(0, len(encoded), self._batch_size):
                batch = encoded[start : start + self._batch_size]
                task = await self._index.delete_documents(batch)
                await self._wait("delete", task)

    async def search(self, query: SearchQuery) -> SearchResult:
        page, hits_per_page = pagination(query.offset, query.limit)
        hybrid: Hybrid | None = None
        vector: list[float] | None = None
        if self._vectors is not None and query.embedding is not None and query.text.strip():
            hybrid = Hybrid(
                semantic_ratio=self._vectors.semantic_ratio, embedder=self._vectors.name
            )
            vector = list(query.embedding.vector)
        with _backend_errors("search"):
            results = await self._index.search(
                query.text,
                offset=query.offset,
                limit=query.limit,
                page=page,
                hits_per_page=hits_per_page,
                filter=build_filter(query),
                facets=list(FACETS),
                sort=SORTS[query.sort],
                attributes_to_retrieve=list(RETRIEVED_ATTRIBUTES),
                attributes_to_highlight=list(HIGHLIGHTED_ATTRIBUTES),
                highlight_pre_tag=HIGHLIGHT_PRE_TAG,
                highlight_post_tag=HIGHLIGHT_POST_TAG,
                attributes_to_crop=list(CROPPED_ATTRIBUTES),
                crop_length=CROP_LENGTH,
                crop_marker=CROP_MARKER,
                show_ranking_score=True,
                hybrid=hybrid,
                vector=vector,
            )
        raw_hits: Sequence[Mapping[str, Any]] = results.hits
        if query.sort is SearchSort.RELEVANCE:
            raw_hits = prefer_exact_diacritics(query.text, raw_hits)
        total = results.total_hits
        if total is None:
            total = results.estimated_total_hits or 0
        return SearchResult(
            hits=[to_hit(raw, query.text) for raw in raw_hits],
            total=total,
            facets=facet_counts(results.facet_distribution),
            processing_ms=float(results.processing_time_ms),
            exhaustive=results.total_hits is not None,
        )

    async def suggest(
        self, prefix: str, kinds: Sequence[DocumentKind] = (), limit: int = 8
    ) -> list[Suggestion]:
        text = prefix.strip()
        if not text or limit <= 0:
            return []
        # Meilisearch treats the last query word as a prefix; "all" keeps every typed word.
        with _backend_errors("suggest"):
            results = await self._index.search(
                text,
                limit=limit,
                filter=in_clause("kind", [kind.value for kind in kinds]),
                attributes_to_search_on=["title"],
                attributes_to_retrieve=["id", "kind", "title"],
                matching_strategy="all",
            )
        return [
            Suggestion(id=decode_id(raw["id"]), kind=DocumentKind(raw["kind"]), title=raw["title"])
            for raw in results.hits
        ]

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        """Fill `<name>_tmp_<random>` with settings and documents, then swap it with the live
        index in one atomic task and drop the previous content. Searches keep hitting the old
        index until the swap. On any failure the temporary index is dropped and the live one is
        left exactly as it was."""
        with _backend_errors("rebuild"):
            await self._get_or_create("rebuild", self._name)  # a swap needs both indexes to exist
        temp_name = f"{self._name}_tmp_{secrets.token_hex(4)}"
        try:
            with _backend_errors("rebuild"):
                temp = await self._create("rebuild", temp_name)
                await self._apply_settings("rebuild", temp)
            async for batch in batches:
                payloads = [to_meili_document(document, self._vectors) for document in batch]
                with _backend_errors("rebuild"):
                    await self._add("rebuild", temp, payloads)
            with _backend_errors("rebuild"):
                indexed = (await temp.get_stats()).number_of_documents
                swap = await self._client.swap_indexes([(self._name, temp_name)])
                await self._wait("rebuild", swap)
        except BaseException:
            await self._drop(temp_name)
            raise
        # After the swap the temporary name holds the previous content.
        await self._drop(temp_name)
        return indexed

    async def count(self) -> int:
        with _backend_errors("count"):
            stats = await self._index.get_stats()
        return stats.number_of_documents

    # -- internals -------------------------------------------------------------------------

    async def _wait(self, operation: str, task: TaskInfo) -> None:
        result = await self._client.wait_for_task(
            task.task_uid,
            timeout_in_ms=self._task_timeout_ms,
            interval_in_ms=self._task_poll_interval_ms,
        )
        if result.status != "succeeded":
            error = result.error or {}
            raise SearchBackendError(
                operation,
                f"Meilisearch task {result.uid} ({result.task_type}) ended {result.status}: "
                f"{error.get('message') or 'no error message'}",
                task_uid=result.uid,
                task_status=result.status,
                code=error.get("code"),
            )

    async def _create(self, operation: str, uid: str) -> AsyncIndex:
        # The client waits for the creation task itself and then reads the index back, which
        # fails with index_not_found if the creation did not succeed.
        index = await self._client.create_index(
            uid, primary_key=PRIMARY_KEY, timeout_in_ms=self._task_timeout_ms
        )
        self._check_primary_key(operation, index)
        return index

    async def _get_or_create(self, operation: str, uid: str) -> AsyncIndex:
        try:
            index = await self._client.get_index(uid)
        except MeilisearchApiError as error:
            if error.code != "index_not_found":
                raise
            return await self._create(operation, uid)
        self._check_primary_key(operation, index)
        return index

    @staticmethod
    def _check_primary_key(operation: str, index: AsyncIndex) -> None:
        if index.primary_key not in (None, PRIMARY_KEY):
            raise SearchBackendError(
                operation,
                f"index {index.uid!r} has primary key {index.primary_key!r}, expected "
                f"{PRIMARY_KEY!r}",
            )

    async def _apply_settings(self, operation: str, index: AsyncIndex) -> None:
        task = await index.update_settings(self._settings)
        await self._wait(operation, task)

    async def _add(
        self, operation: str, index: AsyncIndex, payloads: Sequence[dict[str, Any]]
    ) -> None:
        for batch in _chunks(payloads, self._batch_size):
            task = await index.add_documents(batch, primary_key=PRIMARY_KEY)
            await self._wait(operation, task)

    async def _drop(self, uid: str) -> None:
        """Best effort: a failure here must not hide the error that led to it."""
        try:
            task = await self._client.index(uid).delete()
            result = await self._client.wait_for_task(
                task.task_uid,
                timeout_in_ms=self._task_timeout_ms,
                interval_in_ms=self._task_poll_interval_ms,
            )
        except (MeilisearchError, httpx2.HTTPError):
            logger.warning("could not delete Meilisearch index %s", uid, exc_info=True)
            return
        if result.status != "succeeded":
            logger.warning(
                "deleting Meilisearch index %s ended %s: %s", uid, result.status, result.error
            )


if TYPE_CHECKING:
    _conforms_to_port: type[SearchIndex] = MeilisearchIndex
