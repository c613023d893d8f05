"""How listings look to Meilisearch: ids, documents, filter expressions and index settings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from meilisearch_python_sdk.models.settings import (
    Faceting,
    MeilisearchSettings,
    MinWordSizeForTypos,
    Pagination,
    TypoTolerance,
    UserProvidedEmbedder,
)

from domain.search import FACETS, DocumentKind, SearchDocument, SearchQuery, SearchSort
from domain.text import i_y_pairs
from search.synonyms import synonym_map

PRIMARY_KEY: Final = "id"
# Order matters: Meilisearch's `attribute` ranking rule prefers matches in earlier attributes.
SEARCHABLE_ATTRIBUTES: Final = ("title", "keywords", "summary", "body", "organization_name")
# Every facet, and the owner (for "this organisation's listings").
FILTERABLE_ATTRIBUTES: Final = (*FACETS, "organization_id")
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
RETRIEVED_ATTRIBUTES: Final = ("id", "kind", *SEARCHABLE_ATTRIBUTES, "organization_verified")

SORTS: Final[Mapping[SearchSort, list[str] | None]] = {
    SearchSort.RELEVANCE: None,
    SearchSort.NEWEST: ["updated_at:desc"],
    SearchSort.TRL_DESC: ["trl:desc"],
    SearchSort.TITLE: ["title:asc"],
}

VECTORS: Final = "_vectors"


@dataclass(frozen=True, slots=True)
class VectorSettings:
    """Hybrid search on Meilisearch: a user-provided embedder `name` of `dimensions` (the
    listings' stored vectors travel in `_vectors`), and the share of the semantic ranking in
    the fused one (`semantic_ratio`, 0 = keyword only, 1 = vectors only)."""

    name: str
    dimensions: int
    semantic_ratio: float = 0.3


def search_synonyms() -> dict[str, list[str]]:
    """The bilingual groups, and i/y spellings of one syllable ("li" and "ly") as one word:
    Meilisearch folds diacritics, so lí/lý/li/ly all meet here."""
    synonyms = dict(synonym_map())
    for i_form, y_form in i_y_pairs():
        synonyms.setdefault(i_form, []).append(y_form)
        synonyms.setdefault(y_form, []).append(i_form)
    return synonyms


# Ports ids are "<kind>:<key>". Meilisearch primary keys allow only [A-Za-z0-9_-], so the colon
# becomes a hyphen. Kinds never contain a hyphen, hence the first hyphen is always the separator.
_PORT_ID = re.compile(r"(?P<kind>[a-z]+):(?P<key>[A-Za-z0-9_-]+)")
_MEILI_ID = re.compile(r"(?P<kind>[a-z]+)-(?P<key>[A-Za-z0-9_-]+)")


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


def to_meili_document(
    document: SearchDocument, vectors: VectorSettings | None = None
) -> dict[str, Any]:
    """The JSON sent to Meilisearch: exactly the fields of SearchDocument, nothing more; with
    `vectors`, the document's vector for that embedder (null when it has none yet)."""
    payload: dict[str, Any] = {
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
        "organization_verified": document.organization_verified,
        # A number, so that `updated_at` is sortable.
        "updated_at": _timestamp(document.updated_at),
    }
    if vectors is not None:
        vector = None if document.vector is None else list(document.vector)
        payload[VECTORS] = {vectors.name: vector}
    return payload


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
        organization_verified=bool(payload.get("organization_verified")),
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


def in_clause(attribute: str, values: Sequence[str]) -> str | None:
    if not values:
        return None
    return f"{attribute} IN [{', '.join(quote_filter_value(value) for value in values)}]"


def build_filter(query: SearchQuery) -> str | None:
    """Values of one criterion are alternatives (OR); criteria all apply (AND)."""
    criteria = query.filter
    clauses = [
        in_clause("kind", [kind.value for kind in query.kinds]),
        in_clause("field_code", criteria.field_codes),
        in_clause("province", criteria.provinces),
        in_clause("ip_status", criteria.ip_statuses),
        in_clause("transfer_modes", criteria.transfer_modes),
        in_clause("status", criteria.statuses),
        in_clause("organization_kind", criteria.organization_kinds),
        None if criteria.trl_min is None else f"trl >= {int(criteria.trl_min)}",
        None if criteria.trl_max is None else f"trl <= {int(criteria.trl_max)}",
    ]
    present = [clause for clause in clauses if clause is not None]
    return " AND ".join(present) if present else None


def index_settings(
    *, max_total_hits: int, max_values_per_facet: int, vectors: VectorSettings | None = None
) -> MeilisearchSettings:
    embedders = None
    if vectors is not None:
        embedders = {
            vectors.name: UserProvidedEmbedder(source="userProvided", dimensions=vectors.dimensions)
        }
    return MeilisearchSettings(
        searchable_attributes=list(SEARCHABLE_ATTRIBUTES),
        filterable_attributes=list(FILTERABLE_ATTRIBUTES),
        sortable_attributes=list(SORTABLE_ATTRIBUTES),
        ranking_rules=list(RANKING_RULES),
        synonyms=search_synonyms(),
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
        embedders=embedders,
    )
