"""The SearchIndex port on PostgreSQL: the embedded default when MEILI_URL is unset.

Documents live in `search_documents` (migration 0004), one row per public listing. Two generated
tsvectors do the matching: `search_vector` over unaccented, lowercased text through the
`innovex_search` configuration (unaccent, then simple), weighted title (A) > keywords (B) >
summary (C) > body and organisation (D); `exact_vector` keeps the diacritics, so that a query
typed with diacritics ranks the documents spelt the same way first.

A search is two statements:

1. *Analysis*: PostgreSQL itself splits and folds the query text (the same parser and
   dictionaries as the documents, so query and document words always agree), and expands each
   word of five letters or more *that is not itself in the vocabulary* (`search_terms`) to
   the vocabulary words within one typo (two from nine letters): nearest neighbours by
   trigram distance (the GiST trigram index on the term), checked with levenshtein. A word
   the documents contain is taken as typed: in Vietnamese without diacritics one edit of a
   syllable is mostly another real syllable ("luong" -> "long", "duong"), and expanding it
   only widened broad queries. The analysis is cached (`analysis_ttl`).
2. *Search*: matches, score, page, highlighted snippets, total and facet distribution in one
   statement over a materialised CTE of the matching rows.

Ranking follows Meilisearch's rule order: documents that match every word without a typo
first, then exact diacritics, then `ts_rank` with the field weights, then recency.
"""

from __future__ import annotations

import html
import json
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

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

ONE_TYPO_FROM: Final = 5
TWO_TYPOS_FROM: Final = 9
MAX_QUERY_CHARS: Final = 1000  # longer input is cut: nobody types more into a search box
MAX_QUERY_WORDS: Final = 32
ANALYSIS_CACHE_SIZE: Final = 4096
# Matches ranked and faceted per search at most (Meilisearch's maxTotalHits defaults to 1000):
# beyond it the total is reported as this bound, marked not exhaustive.
MAX_CANDIDATES: Final = 1000
TYPO_CANDIDATES: Final = 60  # nearest vocabulary words checked by levenshtein, per query word
# ts_rank weights for {D, C, B, A}: body/organisation, summary, keywords, title.
RANK_WEIGHTS: Final = "{0.1, 0.2, 0.4, 1.0}"
SNIPPET_OPTIONS: Final = 'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
WHOLE_OPTIONS: Final = "HighlightAll=true"
# ts_headline marks matches with these private-use characters; the snippet is HTML-escaped and
# only then are they turned into <mark> tags, so a title holding markup cannot inject any.
_START: Final = "\ue000"
_STOP: Final = "\ue001"
MARK_OPEN: Final = "<mark>"
MARK_CLOSE: Final = "</mark>"

_WORD = re.compile(r"[^\W_]+")
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o"})

_COLUMNS: Final = (
    "id",
    "kind",
    "title",
    "summary",
    "keywords",
    "body",
    "language",
    "field_code",
    "trl",
    "province",
    "ip_status",
    "transfer_modes",
    "status",
    "organization_id",
    "organization_name",
    "organization_kind",
    "updated_at",
)
_RECORD_TYPES: Final = {
    "keywords": "text[]",
    "transfer_modes": "text[]",
    "trl": "integer",
    "updated_at": "timestamptz",
}
_RECORDSET = ", ".join(f"{c} {_RECORD_TYPES.get(c, 'text')}" for c in _COLUMNS)
_UPDATE_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c != "id")

_INSERT_SQL: Final = f"""
INSERT INTO search_documents ({", ".join(_COLUMNS)})
SELECT {", ".join(_COLUMNS)}
FROM jsonb_to_recordset(CAST(:documents AS jsonb)) AS r({_RECORDSET})
"""
_UPSERT_SQL: Final = _INSERT_SQL + f"ON CONFLICT (id) DO UPDATE SET {_UPDATE_SET}"

# Vocabulary for typo tolerance: every folded word of four letters or more (a five-letter word
# with one typo may be a four-letter word). Terms of deleted documents stay: a stale term only
# widens a typo expansion to a word that matches nothing.
_TERMS_OF_SQL: Final = """
INSERT INTO search_terms (term)
SELECT DISTINCT w.lexeme
FROM search_documents d, unnest(d.search_vector) AS w
WHERE d.id = ANY(CAST(:ids AS text[])) AND char_length(w.lexeme) >= 4
ORDER BY 1
ON CONFLICT DO NOTHING
"""
_ALL_TERMS_SQL: Final = """
INSERT INTO search_terms (term)
SELECT DISTINCT w.lexeme
FROM search_documents d, unnest(d.search_vector) AS w
WHERE char_length(w.lexeme) >= 4
ON CONFLICT DO NOTHING
"""

_ANALYSE_SQL: Final = f"""
SELECT f.lexeme, f.positions, false AS exact,
       CASE WHEN char_length(f.lexeme) >= {ONE_TYPO_FROM}
                 AND NOT EXISTS (SELECT FROM search_terms e WHERE e.term = f.lexeme)
       THEN ARRAY(
           SELECT c.term
           FROM (
               SELECT t.term FROM search_terms t
               ORDER BY t.term <-> f.lexeme
               LIMIT {TYPO_CANDIDATES}
           ) AS c
           WHERE c.term <> f.lexeme
             AND levenshtein_less_equal(c.term, f.lexeme,
                   CASE WHEN char_length(f.lexeme) >= {TWO_TYPOS_FROM} THEN 2 ELSE 1 END)
                 <= CASE WHEN char_length(f.lexeme) >= {TWO_TYPOS_FROM} THEN 2 ELSE 1 END
       ) END AS variants
FROM unnest(to_tsvector('public.innovex_search', :text)) AS f
UNION ALL
SELECT s.lexeme, s.positions, true, NULL
FROM unnest(to_tsvector('pg_catalog.simple', :text)) AS s
WHERE s.lexeme <> innovex_unaccent(s.lexeme)
"""


def fold(value: str) -> str:
    """Lowercase without diacritics, as `innovex_unaccent(lower(...))` does ("Điện" -> "dien")."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _lexeme(word: str) -> str:
    """A tsquery operand, quoted."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _title_prefix_tsquery(words: Sequence[str], *, complete: bool) -> str:
    """Every word in the title (weight A), the last one as a prefix unless the typed text
    ended a word ("máy ", "IoT.", "lũ?"). Words come from `_WORD`, so tsquery syntax typed by
    the caller (`:*`, `&`, `!`) is never an operator, and each operand is quoted."""
    last = _lexeme(words[-1]) + (":A" if complete else ":*A")
    return " & ".join([*(_lexeme(w) + ":A" for w in words[:-1]), last])


def _phrase(words: Sequence[str], suffix: str = "") -> str:
    return " <-> ".join(_lexeme(word) + suffix for word in words)


@dataclass(frozen=True, slots=True)
class _Synonyms:
    """Synonym phrases as folded word tuples, longest first for greedy matching."""

    alternatives: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: int

    @classmethod
    def build(cls, mapping: Mapping[str, Sequence[str]]) -> _Synonyms:
        alternatives: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for term, others in mapping.items():
            key = tuple(_WORD.findall(fold(term)))
            if key:
                alternatives[key] = tuple(
                    words for words in (tuple(_WORD.findall(fold(o))) for o in others) if words
                )
        return cls(alternatives, max((len(k) for k in alternatives), default=0))


@dataclass(frozen=True, slots=True)
class _Analysis:
    """A query as tsqueries: `full` matches (with typos and synonyms), `strict` is the same
    without typo variants, `exact` is every word typed with diacritics, as typed."""

    full: str | None
    strict: str | None
    exact: str | None


def _compile(
    words: Sequence[str],
    variants: Mapping[str, Sequence[str]],
    exact_words: Sequence[str],
    synonyms: _Synonyms,
) -> _Analysis:
    full_groups: list[str] = []
    strict_groups: list[str] = []
    i = 0
    while i < len(words):
        matched = False
        for size in range(min(synonyms.longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + size])
            others = synonyms.alternatives.get(key)
            if others is None:
                continue
            alternatives = [_phrase(key), *(_phrase(other) for other in others)]
            if size == 1:
                alternatives[1:1] = [_lexeme(v) for v in variants.get(key[0], ())]
            group = "(" + " | ".join(f"({a})" for a in alternatives) + ")"
            strict = "(" + " | ".join(f"({_phrase(o)})" for o in (key, *others)) + ")"
            full_groups.append(group)
            strict_groups.append(strict)
            i += size
            matched = True
            break
        if matched:
            continue
        word = words[i]
        options = [word, *variants.get(word, ())]
        if len(options) == 1:  # as in `strict`: a query without variants needs no second test
            full_groups.append(_lexeme(word))
        else:
            full_groups.append("(" + " | ".join(_lexeme(o) for o in options) + ")")
        strict_groups.append(_lexeme(word))
        i += 1
    if not full_groups:
        return _Analysis(None, None, None)
    full = " & ".join(full_groups)
    strict = " & ".join(strict_groups)
    exact = " & ".join(_lexeme(w) for w in exact_words) if exact_words else None
    return _Analysis(full, None if strict == full else strict, exact)


def _in_list(name: str, values: Sequence[str], where: list[str], params: dict[str, Any]) -> None:
    if values:
        where.append(f"d.{name} = ANY(CAST(:{name} AS text[]))")
        params[name] = list(values)


def _filters(query: SearchQuery, params: dict[str, Any]) -> list[str]:
    criteria = query.filter
    where: list[str] = []
    _in_list("kind", [kind.value for kind in query.kinds], where, params)
    _in_list("field_code", criteria.field_codes, where, params)
    _in_list("province", criteria.provinces, where, params)
    _in_list("ip_status", criteria.ip_statuses, where, params)
    _in_list("status", criteria.statuses, where, params)
    _in_list("organization_kind", criteria.organization_kinds, where, params)
    if criteria.transfer_modes:
        where.append("d.transfer_modes && CAST(:transfer_modes AS text[])")
        params["transfer_modes"] = list(criteria.transfer_modes)
    if criteria.trl_min is not None:
        where.append("d.trl >= :trl_min")
        params["trl_min"] = int(criteria.trl_min)
    if criteria.trl_max is not None:
        where.append("d.trl <= :trl_max")
        params["trl_max"] = int(criteria.trl_max)
    return where


_ORDER: Final[Mapping[SearchSort, str]] = {
    SearchSort.RELEVANCE: "score DESC, updated_at DESC NULLS LAST, id",
    SearchSort.NEWEST: "updated_at DESC NULLS LAST, id",
    SearchSort.TRL_DESC: "trl DESC NULLS LAST, score DESC, id",
    SearchSort.TITLE: "sort_title, title, id",
}

_SCALAR_FACETS: Final = tuple(f for f in FACETS if f != "transfer_modes")


_CANDIDATE_ORDER: Final[Mapping[SearchSort, str]] = {
    SearchSort.RELEVANCE: "",
    SearchSort.NEWEST: "ORDER BY d.updated_at DESC NULLS LAST, d.id",
    SearchSort.TRL_DESC: "ORDER BY d.trl DESC NULLS LAST, score DESC, d.id",
    SearchSort.TITLE: "ORDER BY sort_title, d.title, d.id",
}


def _search_sql(
    query: SearchQuery, analysis: _Analysis, params: dict[str, Any], max_candidates: int
) -> str:
    where = _filters(query, params)
    if analysis.full is not None:
        where.insert(0, "d.search_vector @@ CAST(:q AS tsquery)")
        params["q"] = analysis.full
        score_parts = [f"ts_rank('{RANK_WEIGHTS}', d.search_vector, CAST(:q AS tsquery), 32)"]
        if analysis.strict is not None:
            params["strict"] = analysis.strict
            score_parts.append("4 * (d.search_vector @@ CAST(:strict AS tsquery))::int")
        if analysis.exact is not None:
            params["exact"] = analysis.exact
            score_parts.append("2 * (d.exact_vector @@ CAST(:exact AS tsquery))::int")
        score = " + ".join(score_parts)
    else:
        score = "0.0"
    sort_title = (
        "innovex_unaccent(lower(d.title)) AS sort_title, d.title,"
        if query.sort is SearchSort.TITLE
        else ""
    )
    where_sql = " AND ".join(where) if where else "true"
    params["limit"] = max(query.limit, 0)
    params["offset"] = max(query.offset, 0)
    if analysis.full is not None:
        headline = (
            "ts_headline('public.innovex_search', {column}, CAST(:q AS tsquery), "
            "'StartSel={start}, StopSel={stop}, {options}')"
        )

        def snippet(column: str, options: str) -> str:
            return headline.format(column=column, start=_START, stop=_STOP, options=options)

        fields = {
            "title": snippet("d.title", WHOLE_OPTIONS),
            "keywords": snippet("array_to_string(d.keywords, ', ')", WHOLE_OPTIONS),
            "summary": snippet("d.summary", SNIPPET_OPTIONS),
            "body": snippet("d.body", SNIPPET_OPTIONS),
            "organization_name": snippet("coalesce(d.organization_name, '')", WHOLE_OPTIONS),
        }
        pairs = ", ".join(f"'{name}', {expression}" for name, expression in fields.items())
        highlights = f"jsonb_build_object({pairs})"
    else:
        highlights = "'{}'::jsonb"
    grouping = ", ".join(f"({f})" for f in _SCALAR_FACETS)
    facet_columns = ", ".join(f"{f}::text" for f in _SCALAR_FACETS)
    # Bounded work: at most `max_candidates` matches are ranked and faceted (one more is
    # fetched to tell whether there were more). Ranking by relevance takes them in index order
    # and stops there; the other orders take the first ones in their own order (an index scan
    # on updated_at for the newest, a top-N sort otherwise), so their pages are exact.
    params["candidates"] = max_candidates + 1
    params["max_candidates"] = max_candidates
    candidate_order = _CANDIDATE_ORDER[query.sort]
    if query.sort is SearchSort.RELEVANCE and analysis.full is None:
        candidate_order = _CANDIDATE_ORDER[SearchSort.NEWEST]  # every score is 0
    return f"""
WITH matched AS MATERIALIZED (
    SELECT c.*, row_number() OVER () AS candidate
    FROM (
        SELECT d.id, d.kind, d.field_code, d.province, d.trl, d.ip_status, d.transfer_modes,
               d.status, d.organization_kind, d.updated_at, {sort_title}
               {score} AS score
        FROM search_documents d
        WHERE {where_sql}
        {candidate_order}
        LIMIT :candidates
    ) AS c
),
pool AS (
    SELECT * FROM matched WHERE candidate <= :max_candidates
),
page AS (
    SELECT id, score, row_number() OVER (ORDER BY {_ORDER[query.sort]}) AS position
    FROM pool
    ORDER BY {_ORDER[query.sort]}
    LIMIT :limit OFFSET :offset
),
facet_rows AS (
    SELECT {facet_columns}, count(*) AS n
    FROM pool
    GROUP BY GROUPING SETS ({grouping})
)
SELECT
    (SELECT count(*) FROM matched) AS total,
    (SELECT coalesce(jsonb_agg(jsonb_build_array(d.id, d.kind, d.title, p.score, {highlights})
                               ORDER BY p.position), '[]'::jsonb)
     FROM page p JOIN search_documents d ON d.id = p.id) AS hits,
    (SELECT coalesce(jsonb_agg(to_jsonb(f)), '[]'::jsonb) FROM facet_rows f) AS scalar_facets,
    (SELECT coalesce(jsonb_object_agg(mode, n), '{{}}'::jsonb)
     FROM (SELECT mode, count(*) AS n FROM pool, unnest(transfer_modes) AS mode
           GROUP BY mode) AS t) AS transfer_modes
"""


def _marked(snippet: str) -> str:
    return html.escape(snippet, quote=False).replace(_START, MARK_OPEN).replace(_STOP, MARK_CLOSE)


def _clean(value: str) -> str:
    """Document text without our highlight sentinels (so no document can fake a mark)."""
    return value.replace(_START, "").replace(_STOP, "")


def _facets(scalar_rows: Sequence[Mapping[str, Any]], modes: Mapping[str, int]) -> Any:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in scalar_rows:
        for name in _SCALAR_FACETS:
            value = row.get(name)
            if value is not None:
                counts[name][str(value)] = int(row["n"])
                break
    counts["transfer_modes"] = {str(k): int(v) for k, v in modes.items()}
    return {
        name: dict(sorted(values.items(), key=lambda pair: (-pair[1], pair[0])))
        for name, values in counts.items()
    }


def _payload(document: SearchDocument) -> dict[str, Any]:
    moment = document.updated_at
    if moment is not None and moment.tzinfo is None:  # documents carry UTC
        moment = moment.replace(tzinfo=UTC)
    return {
        "id": document.id,
        "kind": document.kind.value,
        "title": _nfc(document.title),
        "summary": _nfc(document.summary),
        "keywords": [_nfc(k) for k in document.keywords],
        "body": _nfc(document.body),
        "language": document.language,
        "field_code": document.field_code,
        "trl": document.trl,
        "province": document.province,
        "ip_status": document.ip_status,
        "transfer_modes": list(document.transfer_modes),
        "status": document.status,
        "organization_id": document.organization_id,
        "organization_name": None
        if document.organization_name is None
        else _nfc(document.organization_name),
        "organization_kind": document.organization_kind,
        "updated_at": None if moment is None else moment.isoformat(),
    }


def _nfc(value: str) -> str:
    # One spelling per character: "ệ" typed as e + two combining marks becomes one code point.
    return _clean(unicodedata.normalize("NFC", value))


def _unique(documents: Sequence[SearchDocument]) -> list[SearchDocument]:
    """One row per id (the last wins): ON CONFLICT cannot touch a row twice in one statement."""
    return list({document.id: document for document in documents}.values())


def _chunks(items: Sequence[SearchDocument], size: int) -> Iterator[Sequence[SearchDocument]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PostgresSearchIndex:
    """SearchIndex on the application's PostgreSQL database (tables from migration 0004).

    Each operation runs in its own transaction from `sessions`, so it works the same on the
    engine (production) and inside a test's transaction (sessions joined with savepoints).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        batch_size: int = 1000,
        synonyms: Mapping[str, Sequence[str]] | None = None,
        analysis_ttl: float = 30.0,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if max_candidates < 1:
            raise ValueError("max_candidates must be at least 1")
        self._max_candidates = max_candidates
        self._sessions = sessions
        self._batch_size = batch_size
        self._synonyms = _Synonyms.build(synonym_map() if synonyms is None else synonyms)
        # Reads on the engine need no transaction: autocommit saves the BEGIN/COMMIT round
        # trips. Sessions bound to a connection (tests) keep their savepoints.
        self._autocommit_reads = isinstance(sessions.kw.get("bind"), AsyncEngine)
        # Popular queries repeat: their analysis (parsing plus typo expansion against the
        # vocabulary) is kept `analysis_ttl` seconds. A word new to the vocabulary is found
        # exactly at once, and as a typo target within that delay.
        self._analysis_ttl = analysis_ttl
        self._analyses: OrderedDict[str, tuple[float, _Analysis]] = OrderedDict()

    @asynccontextmanager
    async def _transaction(self, operation: str) -> AsyncIterator[AsyncSession]:
        try:
            async with self._sessions() as session, session.begin():
                yield session
        except (DBAPIError, SQLAlchemyError) as error:
            raise SearchBackendError(operation, str(error).splitlines()[0]) from error

    @asynccontextmanager
    async def _read(self, operation: str) -> AsyncIterator[AsyncSession]:
        if not self._autocommit_reads:
            async with self._transaction(operation) as session:
                yield session
            return
        try:
            async with self._sessions() as session:
                await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                yield session
        except (DBAPIError, SQLAlchemyError) as error:
            raise SearchBackendError(operation, str(error).splitlines()[0]) from error

    # -- SearchIndex -----------------------------------------------------------------------

    async def ensure_ready(self) -> None:
        async with self._transaction("ensure_ready") as session:
            present = await session.scalar(
                text("SELECT to_regclass('search_documents') IS NOT NULL")
            )
        if not present:
            raise SearchBackendError(
                "ensure_ready", "table search_documents is missing: run `innovex migrate`"
            )

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        unique = _unique(documents)
        if not unique:
            return
        self._analyses.clear()  # new words may be typo targets now
        async with self._transaction("upsert") as session:
            for batch in _chunks(unique, self._batch_size):
                await self._write(session, _UPSERT_SQL, batch)
                await session.execute(
                    text(_TERMS_OF_SQL), {"ids": [document.id for document in batch]}
                )

    async def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        async with self._transaction("delete") as session:
            await session.execute(
                text("DELETE FROM search_documents WHERE id = ANY(CAST(:ids AS text[]))"),
                {"ids": list(ids)},
            )

    async def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        async with self._read("search") as session:
            analysis = await self._analyse(session, query.text)
            params: dict[str, Any] = {}
            sql = _search_sql(query, analysis, params, self._max_candidates)
            row = (await session.execute(text(sql), params)).one()
        hits = [
            SearchHit(
                id=hit_id,
                kind=DocumentKind(kind),
                title=title,
                score=float(score),
                highlights={
                    name: _marked(snippet)
                    for name, snippet in (highlights or {}).items()
                    if isinstance(snippet, str) and _START in snippet
                },
            )
            for hit_id, kind, title, score, highlights in _json(row.hits)
        ]
        matched = int(row.total)
        return SearchResult(
            hits=hits,
            total=min(matched, self._max_candidates),
            exhaustive=matched <= self._max_candidates,
            facets=_facets(_json(row.scalar_facets), _json(row.transfer_modes)),
            processing_ms=(time.perf_counter() - started) * 1000,
        )

    async def suggest(
        self, prefix: str, kinds: Sequence[DocumentKind] = (), limit: int = 8
    ) -> list[Suggestion]:
        words = _WORD.findall(fold(prefix[:MAX_QUERY_CHARS]))[:MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return []
        query = _title_prefix_tsquery(words, complete=not prefix[-1:].isalnum())
        folded = " ".join(words)
        params: dict[str, Any] = {"q": query, "folded": folded, "limit": limit}
        kind_filter = ""
        if kinds:
            kind_filter = "AND kind = ANY(CAST(:kinds AS text[]))"
            params["kinds"] = [kind.value for kind in kinds]
        # Titles that start with what was typed first, then shorter titles.
        by_prefix = f"""
            SELECT id, kind, title FROM search_documents
            WHERE search_vector @@ CAST(:q AS tsquery) {kind_filter}
            ORDER BY starts_with(innovex_unaccent(lower(title)), :folded) DESC,
                     char_length(title), title, id
            LIMIT :limit
        """
        # Typo fallback: words of the title similar to what was typed (pg_trgm).
        by_similarity = f"""
            SELECT id, kind, title FROM search_documents
            WHERE :folded <% innovex_unaccent(lower(title)) {kind_filter}
            ORDER BY word_similarity(:folded, innovex_unaccent(lower(title))) DESC,
                     char_length(title), id
            LIMIT :limit
        """
        async with self._read("suggest") as session:
            rows = (await session.execute(text(by_prefix), params)).all()
            if not rows:
                rows = (await session.execute(text(by_similarity), params)).all()
        return [Suggestion(id=r.id, kind=DocumentKind(r.kind), title=r.title) for r in rows]

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        """Delete and re-insert everything in one transaction: until it commits, searches see
        the previous content in full (MVCC), and an interrupted rebuild rolls back to it. A
        concurrent upsert waits for the rebuild's row locks and then applies on top."""
        indexed = 0
        async with self._transaction("rebuild") as session:
            await session.execute(text("DELETE FROM search_documents"))
            seen: set[str] = set()
            async for batch in batches:
                unique = _unique(batch)
                fresh = [d for d in unique if d.id not in seen]
                again = [d for d in unique if d.id in seen]
                if fresh:
                    await self._write(session, _INSERT_SQL, fresh)
                if again:
                    await self._write(session, _UPSERT_SQL, again)
                seen.update(d.id for d in fresh)
                indexed += len(fresh)
            await session.execute(text("DELETE FROM search_terms"))
            await session.execute(text(_ALL_TERMS_SQL))
        self._analyses.clear()
        return indexed

    async def count(self) -> int:
        async with self._read("count") as session:
            return int(await session.scalar(text("SELECT count(*) FROM search_documents")) or 0)

    # -- internals -------------------------------------------------------------------------

    async def _write(
        self, session: AsyncSession, sql: str, batch: Sequence[SearchDocument]
    ) -> None:
        payload = json.dumps([_payload(d) for d in batch], ensure_ascii=False)
        await session.execute(text(sql), {"documents": payload})

    async def _analyse(self, session: AsyncSession, raw: str) -> _Analysis:
        query_text = unicodedata.normalize("NFC", raw[:MAX_QUERY_CHARS]).strip()
        if not query_text:
            return _Analysis(None, None, None)
        now = time.monotonic()
        cached = self._analyses.get(query_text)
        if cached is not None and now - cached[0] < self._analysis_ttl:
            return cached[1]
        analysis = await self._analyse_in_database(session, query_text)
        if self._analysis_ttl > 0:
            self._analyses[query_text] = (now, analysis)
            self._analyses.move_to_end(query_text)
            while len(self._analyses) > ANALYSIS_CACHE_SIZE:
                self._analyses.popitem(last=False)
        return analysis

    async def _analyse_in_database(self, session: AsyncSession, query_text: str) -> _Analysis:
        rows = (await session.execute(text(_ANALYSE_SQL), {"text": query_text})).all()
        placed: list[tuple[int, str]] = []
        variants: dict[str, list[str]] = {}
        exact: list[str] = []
        for lexeme, positions, is_exact, expansions in rows:
            if is_exact:
                exact.append(lexeme)
                continue
            placed.extend((position, lexeme) for position in positions)
            if expansions:
                variants[lexeme] = list(expansions)
        words = [lexeme for _, lexeme in sorted(placed)][:MAX_QUERY_WORDS]
        return _compile(words, variants, exact[:MAX_QUERY_WORDS], self._synonyms)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


if TYPE_CHECKING:
    _conforms_to_port: type[SearchIndex] = PostgresSearchIndex
