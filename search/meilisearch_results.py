"""Reading Meilisearch answers: pages, highlights, hits in the user's diacritics, facets."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from domain.search import FACETS, DocumentKind, SearchHit
from domain.text import canonical
from search.highlights import drop_foreign_marks, prefer_phrase, query_word_count, typed_words
from search.meilisearch_schema import (
    HIGHLIGHT_POST_TAG,
    HIGHLIGHT_PRE_TAG,
    HIGHLIGHTED_ATTRIBUTES,
    decode_id,
)

_WORD = re.compile(r"\w+")


def pagination(offset: int, limit: int) -> tuple[int | None, int | None]:
    """(page, hitsPerPage) when the window is a whole page, which makes Meilisearch count the
    hits exhaustively (`totalHits`); otherwise (None, None) and offset/limit with an estimate."""
    if limit == 0:
        return 1, 0
    if limit > 0 and offset >= 0 and offset % limit == 0:
        return offset // limit + 1, limit
    return None, None


def highlights(formatted: Mapping[str, Any]) -> dict[str, str]:
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


def to_hit(raw: Mapping[str, Any], query_text: str = "") -> SearchHit:
    """A hit, its marks following the user's diacritics and phrase (search/highlights.py)."""
    typed = typed_words(query_text)
    words = query_word_count(query_text)
    snippets = {
        name: prefer_phrase(
            drop_foreign_marks(snippet, typed, HIGHLIGHT_PRE_TAG, HIGHLIGHT_POST_TAG),
            words,
            HIGHLIGHT_PRE_TAG,
            HIGHLIGHT_POST_TAG,
        )
        for name, snippet in highlights(raw.get("_formatted") or {}).items()
    }
    return SearchHit(
        id=decode_id(raw["id"]),
        kind=DocumentKind(raw["kind"]),
        title=raw["title"],
        score=float(raw.get("_rankingScore", 0.0)),
        highlights={k: v for k, v in snippets.items() if HIGHLIGHT_PRE_TAG in v},
        organization_verified=bool(raw.get("organization_verified")),
    )


def _words(text: str) -> list[str]:
    """Words in one spelling each (lí/lý, hoà/hòa are one word)."""
    return [canonical(w) for w in _WORD.findall(unicodedata.normalize("NFC", text).casefold())]


def _exact_word_matches(query_words: Sequence[str], raw: Mapping[str, Any]) -> int:
    texts = [raw.get("title") or "", raw.get("summary") or "", *(raw.get("keywords") or ())]
    document_words = set(_words(" ".join(text for text in texts if isinstance(text, str))))
    return sum(1 for word in query_words if word in document_words)


def prefer_exact_diacritics(
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


def facet_counts(distribution: Mapping[str, Any] | None) -> dict[str, dict[str, int]]:
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
