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

import json
import time
import unicodedata
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.search import (
    DocumentKind,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Suggestion,
)
from domain.text import fold
from search import postgres_families as families
from search.errors import SearchBackendError
from search.highlights import drop_foreign_marks, prefer_phrase, query_word_count, typed_words
from search.postgres_analysis import (
    ANALYSE_SQL,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    WORD,
    Analysis,
    Synonyms,
    compile_analysis,
    title_prefix_tsquery,
)
from search.postgres_rows import (
    ALL_TERMS_SQL,
    INSERT_SQL,
    TERMS_OF_SQL,
    UPSERT_SQL,
    chunks,
    last_per_id,
    row_payload,
)
from search.postgres_statement import (
    MAX_CANDIDATES,
    START,
    STOP,
    Semantic,
    facets,
    marked,
    search_sql,
)
from search.synonyms import synonym_map

if TYPE_CHECKING:
    from domain.search import SearchIndex

ANALYSIS_CACHE_SIZE = 4096


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
        neighbours: int = 20,
        min_similarity: float = 0.0,
        similarity_window: float = 0.15,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if max_candidates < 1:
            raise ValueError("max_candidates must be at least 1")
        self._max_candidates = max_candidates
        # Hybrid search (a query with an embedding): the `neighbours` public listings nearest
        # to the query vector join the lexical matches, from `min_similarity` on.
        self._neighbours = neighbours
        self._min_similarity = min_similarity
        self._similarity_window = similarity_window
        self._sessions = sessions
        self._batch_size = batch_size
        self._synonyms = Synonyms.build(synonym_map() if synonyms is None else synonyms)
        # Reads on the engine need no transaction: autocommit saves the BEGIN/COMMIT round
        # trips. Sessions bound to a connection (tests) keep their savepoints.
        self._autocommit_reads = isinstance(sessions.kw.get("bind"), AsyncEngine)
        # Popular queries repeat: their analysis (parsing plus typo expansion against the
        # vocabulary) is kept `analysis_ttl` seconds. A word new to the vocabulary is found
        # exactly at once, and as a typo target within that delay. Each process keeps its own:
        # another process's writes reach this one's typo expansion within the same bound
        # (tests/integration/test_cache_staleness.py).
        self._analysis_ttl = analysis_ttl
        self._clock = clock
        self._analyses: OrderedDict[str, tuple[float, Analysis]] = OrderedDict()

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
        unique = last_per_id(documents)
        if not unique:
            return
        self._analyses.clear()  # new words may be typo targets now
        async with self._transaction("upsert") as session:
            ids = [document.id for document in unique]
            before = await families.keys(session, ids)
            for batch in chunks(unique, self._batch_size):
                await self._write(session, UPSERT_SQL, batch)
                await session.execute(
                    text(TERMS_OF_SQL), {"ids": [document.id for document in batch]}
                )
            after = await families.keys(session, ids)
            await families.settle(session, families.touched(before, after))

    async def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        async with self._transaction("delete") as session:
            removed = await session.execute(
                text(
                    "DELETE FROM search_documents WHERE id = ANY(CAST(:ids AS text[])) "
                    "RETURNING organization_id, family"
                ),
                {"ids": list(ids)},
            )
            # Only a member of a family can split one by leaving.
            organizations = {row.organization_id for row in removed if row.family is not None}
            await families.settle(session, organizations)  # a family may have split

    async def search(self, query: SearchQuery) -> SearchResult:
        started = time.perf_counter()
        async with self._read("search") as session:
            analysis = await self._analyse(session, query.text)
            params: dict[str, Any] = {}
            semantic = None
            if query.embedding is not None and self._neighbours > 0:
                semantic = Semantic(
                    query.embedding.model,
                    self._neighbours,
                    self._min_similarity,
                    self._similarity_window,
                )
                # A short HNSW search list: the neighbours are few, and kinds are filtered
                # after the scan (an iterative scan goes on while rows are missing). Set for
                # the session: reads run in autocommit, where a local setting would not last.
                await session.execute(
                    text(
                        "SELECT set_config('hnsw.ef_search', :ef, false), "
                        "set_config('hnsw.iterative_scan', 'relaxed_order', false)"
                    ),
                    {"ef": str(max(40, self._neighbours))},
                )
            sql = search_sql(query, analysis, params, self._max_candidates, semantic)
            row = (await session.execute(text(sql), params)).one()
        typed = typed_words(query.text)
        words = query_word_count(query.text)
        hits = []
        for hit_id, kind, title, score, highlights, similar, verified in _json(row.hits):
            snippets = {
                name: prefer_phrase(
                    drop_foreign_marks(snippet, typed, START, STOP), words, START, STOP
                )
                for name, snippet in (highlights or {}).items()
                if isinstance(snippet, str)
            }
            hits.append(
                SearchHit(
                    id=hit_id,
                    kind=DocumentKind(kind),
                    title=title,
                    score=float(score),
                    highlights={
                        name: marked(snippet)
                        for name, snippet in snippets.items()
                        if START in snippet
                    },
                    similar_count=int(similar),
                    organization_verified=bool(verified),
                )
            )
        matched = int(row.total)
        return SearchResult(
            hits=hits,
            total=min(matched, self._max_candidates) - int(row.folded),
            exhaustive=matched <= self._max_candidates,
            facets=facets(_json(row.scalar_facets), _json(row.transfer_modes)),
            processing_ms=(time.perf_counter() - started) * 1000,
        )

    async def suggest(
        self, prefix: str, kinds: Sequence[DocumentKind] = (), limit: int = 8
    ) -> list[Suggestion]:
        words = WORD.findall(fold(prefix[:MAX_QUERY_CHARS]))[:MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return []
        query = title_prefix_tsquery(words, complete=not prefix[-1:].isalnum())
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
                unique = last_per_id(batch)
                fresh = [d for d in unique if d.id not in seen]
                again = [d for d in unique if d.id in seen]
                if fresh:
                    await self._write(session, INSERT_SQL, fresh)
                if again:
                    await self._write(session, UPSERT_SQL, again)
                seen.update(d.id for d in fresh)
                indexed += len(fresh)
            await session.execute(text("DELETE FROM search_terms"))
            await session.execute(text(ALL_TERMS_SQL))
            await families.settle(
                session,
                await session.scalars(
                    text(
                        "SELECT DISTINCT organization_id FROM search_documents "
                        "WHERE organization_id IS NOT NULL AND kind <> 'organization'"
                    )
                ),
            )
        self._analyses.clear()
        return indexed

    async def count(self) -> int:
        async with self._read("count") as session:
            return int(await session.scalar(text("SELECT count(*) FROM search_documents")) or 0)

    # -- internals -------------------------------------------------------------------------

    async def _write(
        self, session: AsyncSession, sql: str, batch: Sequence[SearchDocument]
    ) -> None:
        payload = json.dumps([row_payload(d) for d in batch], ensure_ascii=False)
        await session.execute(text(sql), {"documents": payload})

    async def _analyse(self, session: AsyncSession, raw: str) -> Analysis:
        query_text = unicodedata.normalize("NFC", raw[:MAX_QUERY_CHARS]).strip()
        if not query_text:
            return Analysis(None, None, None)
        now = self._clock()
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

    async def _analyse_in_database(self, session: AsyncSession, query_text: str) -> Analysis:
        rows = (await session.execute(text(ANALYSE_SQL), {"text": query_text})).all()
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
        return compile_analysis(words, variants, exact[:MAX_QUERY_WORDS], self._synonyms)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


if TYPE_CHECKING:
    _conforms_to_port: type[SearchIndex] = PostgresSearchIndex
