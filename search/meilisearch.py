"""The SearchIndex port on Meilisearch, through the official async client.

Meilisearch does every write as an asynchronous task. This adapter waits for each task it
enqueues and raises `SearchBackendError` unless the task ends `succeeded`, so a write that
returns has really been applied. Documents travel as `to_meili_document` builds them, from the
fields of `SearchDocument` only (the public projection), never from anything else.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import httpx2
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchApiError, MeilisearchError
from meilisearch_python_sdk.index import AsyncIndex
from meilisearch_python_sdk.models.settings import (
    Faceting,
    MeilisearchSettings,
    MinWordSizeForTypos,
    Pagination,
    TypoTolerance,
)
from meilisearch_python_sdk.models.task import TaskInfo

from domain.search import (
    FACETS,
    DocumentKind,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchSort,
    Suggestion,
)
from search.errors import SearchBackendError
from search.synonyms import synonym_map

if TYPE_CHECKING:
    from domain.search import SearchIndex

logger = logging.getLogger(__name__)

PRIMARY_KEY: Final = "id"
# Order matters: Meilisearch's `attribute` ranking rule prefers matches in earlier attributes.
SEARCHABLE_ATTRIBUTES: Final = ("title", "keywords", "summary", "body", "organization_name")
FILTERABLE_ATTRIBUTES: Final = (
    "kind",
    "field_code",
    "province",
    "trl",
    "ip_status",
    "transfer_modes",
    "status",
    "organization_kind",
    "organization_id",
)
SORTABLE_ATTRIBUTES: Final = ("updated_at", "trl", "title")
RANKING_RULES: Final = ("words", "typo", "proximity", "attribute", "sort", "exactness")
ONE_TYPO_FROM: Final = 5
TWO_TYPOS_FROM: Final = 9

HIGHLIGHT_PRE_TAG: Final = "<mark>"
HIGHLIGHT_POST_TAG: Final = "</mark>"
HIGHLIGHTED_ATTRIBUTES: Final = SEARCHABLE_ATTRIBUTES
CROPPED_ATTRIBUTES: Final = ("summary", "body")
CROP_LENGTH: Final = 30  # words
CROP_MARKER: Final = "…"
# Everything we highlight is retrieved too: Meilisearch only formats retrieved attributes.
RETRIEVED_ATTRIBUTES: Final = ("id", "kind", *SEARCHABLE_ATTRIBUTES)

SORTS: Final[Mapping[SearchSort, list[str] | None]] = {
    SearchSort.RELEVANCE: None,
    SearchSort.NEWEST: ["updated_at:desc"],
    SearchSort.TRL_DESC: ["trl:desc"],
    SearchSort.TITLE: ["title:asc"],
}

# Ports ids are "<kind>:<key>". Meilisearch primary keys allow only [A-Za-z0-9_-], so the colon
# becomes a hyphen. Kinds never contain a hyphen, hence the first hyphen is always the separator.
_PORT_ID = re.compile(r"(?P<kind>[a-z]+):(?P<key>[A-Za-z0-9_-]+)")
_MEILI_ID = re.compile(r"(?P<kind>[a-z]+)-(?P<key>[A-Za-z0-9_-]+)")
_WORD = re.compile(r"\w+")


def encode_id(document_id: str) -> str:
    """Turn "offer:3f2a-..." into "offer-3f2a-...", a valid Meilisearch primary key."""
    match = _PORT_ID.fullmatch(document_id)
    if match is None:
        raise ValueError(f"search document id {document_id!r} is not '<kind>:<key>'")
    return f"{match['kind']}-{match['key']}"


def decode_id(meili_id: str) -> str:
    """Inverse of `encode_id`."""
    match = _MEILI_ID.fullmatch(meili_id)
    if match is None:
        raise ValueError(f"Meilisearch id {meili_id!r} was not written by this adapter")
    return f"{match['kind']}:{match['key']}"


def _timestamp(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # documents carry UTC; a naive value is read as UTC
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def to_meili_document(document: SearchDocument) -> dict[str, Any]:
    """The JSON sent to Meilisearch: exactly the fields of SearchDocument, nothing more."""
    return {
        "id": encode_id(document.id),
        "kind": document.kind.value,
        "title": document.title,
        "summary": document.summary,
        "keywords": list(document.keywords),
        "body": document.body,
        "language": document.language,
        "field_code": document.field_code,
        "trl": document.trl,
        "province": document.province,
        "ip_status": document.ip_status,
        "transfer_modes": list(document.transfer_modes),
        "status": document.status,
        "organization_id": document.organization_id,
        "organization_name": document.organization_name,
        "organization_kind": document.organization_kind,
        # A number, so that `updated_at` is sortable.
        "updated_at": _timestamp(document.updated_at),
    }


def from_meili_document(payload: Mapping[str, Any]) -> SearchDocument:
    """Inverse of `to_meili_document` (seconds precision for `updated_at`)."""
    updated_at = payload.get("updated_at")
    return SearchDocument(
        id=decode_id(payload["id"]),
        kind=DocumentKind(payload["kind"]),
        title=payload["title"],
        summary=payload.get("summary") or "",
        keywords=tuple(payload.get("keywords") or ()),
        body=payload.get("body") or "",
        language=payload.get("language") or "vi",
        field_code=payload.get("field_code"),
        trl=payload.get("trl"),
        province=payload.get("province"),
        ip_status=payload.get("ip_status"),
        transfer_modes=tuple(payload.get("transfer_modes") or ()),
        status=payload.get("status") or "",
        organization_id=payload.get("organization_id"),
        organization_name=payload.get("organization_name"),
        organization_kind=payload.get("organization_kind"),
        updated_at=None if updated_at is None else datetime.fromtimestamp(updated_at, UTC),
    )


def quote_filter_value(value: str) -> str:
    """A double-quoted string literal for Meilisearch's filter language.

    The filter parser unescapes `\\"` only and keeps any other backslash as it is, so a value
    ending in a backslash or holding a backslash right before a quote has no spelling there.
    """
    if value.endswith("\\") or '\\"' in value:
        raise ValueError(f"filter value {value!r} cannot be expressed in a Meilisearch filter")
    return '"' + value.replace('"', '\\"') + '"'


def _in_clause(attribute: str, values: Sequence[str]) -> str | None:
    if not values:
        return None
    return f"{attribute} IN [{', '.join(quote_filter_value(value) for value in values)}]"


def build_filter(query: SearchQuery) -> str | None:
    """Values of one criterion are alternatives (OR); criteria all apply (AND)."""
    criteria = query.filter
    clauses = [
        _in_clause("kind", [kind.value for kind in query.kinds]),
        _in_clause("field_code", criteria.field_codes),
        _in_clause("province", criteria.provinces),
        _in_clause("ip_status", criteria.ip_statuses),
        _in_clause("transfer_modes", criteria.transfer_modes),
        _in_clause("status", criteria.statuses),
        _in_clause("organization_kind", criteria.organization_kinds),
        None if criteria.trl_min is None else f"trl >= {int(criteria.trl_min)}",
        None if criteria.trl_max is None else f"trl <= {int(criteria.trl_max)}",
    ]
    present = [clause for clause in clauses if clause is not None]
    return " AND ".join(present) if present else None


def index_settings(*, max_total_hits: int, max_values_per_facet: int) -> MeilisearchSettings:
    return MeilisearchSettings(
        searchable_attributes=list(SEARCHABLE_ATTRIBUTES),
        filterable_attributes=list(FILTERABLE_ATTRIBUTES),
        sortable_attributes=list(SORTABLE_ATTRIBUTES),
        ranking_rules=list(RANKING_RULES),
        synonyms=dict(synonym_map()),
        typo_tolerance=TypoTolerance(
            enabled=True,
            min_word_size_for_typos=MinWordSizeForTypos(
                one_typo=ONE_TYPO_FROM, two_typos=TWO_TYPOS_FROM
            ),
        ),
        # Most frequent values first, so a truncated facet keeps the values that matter.
        faceting=Faceting(
            max_values_per_facet=max_values_per_facet, sort_facet_values_by={"*": "count"}
        ),
        pagination=Pagination(max_total_hits=max_total_hits),
    )


def _pagination(offset: int, limit: int) -> tuple[int | None, int | None]:
    """(page, hitsPerPage) when the window is a whole page, which makes Meilisearch count the
    hits exhaustively (`totalHits`); otherwise (None, None) and offset/limit with an estimate."""
    if limit == 0:
        return 1, 0
    if limit > 0 and offset >= 0 and offset % limit == 0:
        return offset // limit + 1, limit
    return None, None


def _highlights(formatted: Mapping[str, Any]) -> dict[str, str]:
    snippets: dict[str, str] = {}
    for attribute in HIGHLIGHTED_ATTRIBUTES:
        value = formatted.get(attribute)
        if isinstance(value, list):
            value = ", ".join(
                item for item in value if isinstance(item, str) and HIGHLIGHT_PRE_TAG in item
            )
        if isinstance(value, str) and HIGHLIGHT_PRE_TAG in value:
            snippets[attribute] = value
    return snippets


def _to_hit(raw: Mapping[str, Any]) -> SearchHit:
    return SearchHit(
        id=decode_id(raw["id"]),
        kind=DocumentKind(raw["kind"]),
        title=raw["title"],
        score=float(raw.get("_rankingScore", 0.0)),
        highlights=_highlights(raw.get("_formatted") or {}),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _exact_word_matches(query_words: Sequence[str], raw: Mapping[str, Any]) -> int:
    texts = [raw.get("title") or "", raw.get("summary") or "", *(raw.get("keywords") or ())]
    document_words = set(_words(" ".join(text for text in texts if isinstance(text, str))))
    return sum(1 for word in query_words if word in document_words)


def _prefer_exact_diacritics(
    text: str, raw_hits: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Meilisearch folds diacritics away, so "lúa" and "lùa" tie on every ranking rule. Within
    each run of equal ranking scores, put first the documents that contain the query words
    with the user's own diacritics. Hits with different scores keep Meilisearch's order."""
    query_words = _words(text)
    if not query_words:
        return list(raw_hits)
    reordered: list[Mapping[str, Any]] = []
    for _, tied in itertools.groupby(raw_hits, key=lambda raw: raw.get("_rankingScore")):
        reordered.extend(
            sorted(tied, key=lambda raw: -_exact_word_matches(query_words, raw))  # stable
        )
    return reordered


def _facets(distribution: Mapping[str, Any] | None) -> dict[str, dict[str, int]]:
    distribution = distribution or {}
    facets: dict[str, dict[str, int]] = {}
    for name in FACETS:
        counts = distribution.get(name) or {}
        pairs = sorted(
            ((str(value), int(count)) for value, count in counts.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        facets[name] = dict(pairs)
    return facets


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
        self._settings = index_settings(
            max_total_hits=max_total_hits, max_values_per_facet=max_values_per_facet
        )

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
        payloads = [to_meili_document(document) for document in documents]
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
        page, hits_per_page = _pagination(query.offset, query.limit)
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
            )
        raw_hits: Sequence[Mapping[str, Any]] = results.hits
        if query.sort is SearchSort.RELEVANCE:
            raw_hits = _prefer_exact_diacritics(query.text, raw_hits)
        total = results.total_hits
        if total is None:
            total = results.estimated_total_hits or 0
        return SearchResult(
            hits=[_to_hit(raw) for raw in raw_hits],
            total=total,
            facets=_facets(results.facet_distribution),
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
                filter=_in_clause("kind", [kind.value for kind in kinds]),
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
                payloads = [to_meili_document(document) for document in batch]
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
