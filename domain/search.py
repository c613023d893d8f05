"""The search port: what callers of any search backend can rely on.

Documents are the *public projection* of a listing. Nothing confidential (descriptions,
contacts, review notes) may ever be put in a SearchDocument: the builder in `search/documents.py`
is the only place that creates them.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class DocumentKind(enum.StrEnum):
    INITIATIVE = "initiative"
    OFFER = "offer"
    NEED = "need"
    ORGANIZATION = "organization"


class SearchSort(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TRL_DESC = "trl_desc"
    TITLE = "title"


# Facets every backend must compute, in this order.
FACETS: tuple[str, ...] = (
    "kind",
    "field_code",
    "province",
    "trl",
    "ip_status",
    "transfer_modes",
    "status",
    "organization_kind",
)


@dataclass(frozen=True, slots=True)
class SearchDocument:
    id: str  # "<kind>:<uuid>", stable across backends
    kind: DocumentKind
    title: str
    summary: str = ""
    keywords: tuple[str, ...] = ()
    body: str = ""  # further *public* text (advantages, problem statement of a public need...)
    language: str = "vi"
    field_code: str | None = None  # S&T field sector code, e.g. "202"
    trl: int | None = None
    province: str | None = None
    ip_status: str | None = None
    transfer_modes: tuple[str, ...] = ()
    status: str = ""
    organization_id: str | None = None
    organization_name: str | None = None
    organization_kind: str | None = None
    # Whether the owner organisation is verified: every public output says so.
    organization_verified: bool = False
    updated_at: datetime | None = None
    # The listing's stored embedding, for backends that keep vectors themselves (Meilisearch's
    # user-provided embedder); a vector, not text.
    vector: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class SearchFilter:
    field_codes: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    provinces: tuple[str, ...] = ()
    ip_statuses: tuple[str, ...] = ()
    transfer_modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    organization_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QueryEmbedding:
    """The query text embedded by `model` (the name stored vectors carry): hybrid search
    ranks listings by their similarity to it as well as by their words."""

    vector: tuple[float, ...]
    model: str


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    kinds: tuple[DocumentKind, ...] = ()  # empty = every kind
    filter: SearchFilter = field(default_factory=SearchFilter)
    sort: SearchSort = SearchSort.RELEVANCE
    limit: int = 20
    offset: int = 0
    # None: lexical search only (no embedder configured, or nothing to embed).
    embedding: QueryEmbedding | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    kind: DocumentKind
    title: str
    score: float
    # Snippets with matches wrapped in <mark>...</mark>; keys are document attributes.
    highlights: dict[str, str] = field(default_factory=dict)
    organization_verified: bool = False
    # Near-duplicates of this hit (same organisation, near-identical title) folded into it.
    similar_count: int = 0


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    # Every match when `exhaustive`; otherwise a lower bound or an estimate: a backend may
    # bound its work on broad queries (Meilisearch's maxTotalHits, PostgresSearchIndex's
    # max_candidates) and then ranks and facets the candidates it kept.
    total: int
    facets: dict[str, dict[str, int]]
    processing_ms: float
    exhaustive: bool = True


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    kind: DocumentKind
    title: str


class SearchIndex(Protocol):
    """A search backend. Every write is idempotent: upserting the same document twice, or
    deleting an id that is not there, leaves the index as one call would."""

    async def ensure_ready(self) -> None:
        """Create the index / settings if missing. Safe to call at every start."""
        ...

    async def upsert(self, documents: Sequence[SearchDocument]) -> None: ...

    async def delete(self, ids: Sequence[str]) -> None: ...

    async def search(self, query: SearchQuery) -> SearchResult: ...

    async def suggest(
        self, prefix: str, kinds: Sequence[DocumentKind] = (), limit: int = 8
    ) -> list[Suggestion]: ...

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        """Replace the whole content with `batches`, with no moment where searches see a
        partial index. Returns the number of documents indexed."""
        ...

    async def count(self) -> int: ...
