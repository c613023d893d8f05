"""The peer of bench/search.py: tantivy (a Rust, Lucene-class library) configured like
`search/postgres.py`, so that every search figure comes with a ratio to an engine built for it.

What is the same as our search:

* fields and boosts: title 1.0, keywords 0.4, summary 0.2, body and organisation name 0.1 (our
  `ts_rank` weights A/B/C/D);
* folding: lowercase, then ASCII folding (which maps Vietnamese tone and vowel marks and đ to
  plain letters) on both documents and queries, so "he thong" finds "hệ thống"; an `exact`
  field keeps the diacritics and documents spelt as typed get a bonus (our `exact_vector`);
* every word must match (in any field); a word of five letters or more that the vocabulary
  does not contain may match within one edit (two from nine letters), and documents matching
  every word as typed get a bonus (our strict tsquery);
* filters: kinds, provinces, field codes, TRL range, transfer modes, IP status, status,
  organisation kind; facets: the same eight, counted by tantivy's terms aggregation over
  *every* match (ours count at most `max_candidates`: tantivy does more work here);
* snippets of the five text fields for the 20 hits of the page.

What differs: tantivy ranks with BM25 (ours with `ts_rank`), and runs in the bench's process
(no network hop; ours pays a local socket round trip to PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import tantivy
from tantivy import (
    Filter,
    Occur,
    Query,
    SnippetGenerator,
    TextAnalyzerBuilder,
    Tokenizer,
)

from domain.search import FACETS, SearchDocument, SearchQuery
from domain.text import fold

BOOSTS = {"title": 1.0, "keywords": 0.4, "summary": 0.2, "body": 0.1, "organization_name": 0.1}
STRICT_BONUS = 4.0
EXACT_BONUS = 2.0
WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    return WORD.findall(fold(text))


class TantivyPeer:
    def __init__(self, heap_bytes: int = 256_000_000) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for name in BOOSTS:
            builder.add_text_field(name, stored=True, tokenizer_name="vi_folded")
        builder.add_text_field("exact", tokenizer_name="vi_exact")
        for name in FACETS:
            if name == "trl":
                builder.add_integer_field("trl", indexed=True, fast=True)
            else:
                builder.add_text_field(name, tokenizer_name="raw", fast=True)
        builder.add_integer_field("updated", fast=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        folded = (
            TextAnalyzerBuilder(Tokenizer.simple())
            .filter(Filter.lowercase())
            .filter(Filter.ascii_fold())
            .build()
        )
        exact = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase()).build()
        self.index.register_tokenizer("vi_folded", folded)
        self.index.register_tokenizer("vi_exact", exact)
        self.heap_bytes = heap_bytes
        self.vocabulary: set[str] = set()
        self.searcher: Any = None

    # -- indexing ----------------------------------------------------------------------------

    def writer(self) -> Any:
        return self.index.writer(self.heap_bytes, 1)

    def add(self, writer: Any, documents: Iterable[SearchDocument]) -> int:
        count = 0
        for d in documents:
            fields: dict[str, Any] = {
                "id": d.id,
                "title": d.title,
                "keywords": ", ".join(d.keywords),
                "summary": d.summary,
                "body": d.body,
                "organization_name": d.organization_name or "",
                "exact": " ".join((d.title, " ".join(d.keywords), d.summary, d.body)),
                "kind": d.kind.value,
                "status": d.status,
                "updated": int(d.updated_at.timestamp()) if d.updated_at else 0,
            }
            for name in ("field_code", "province", "ip_status", "organization_kind"):
                value = getattr(d, name)
                if value:
                    fields[name] = value
            if d.trl is not None:
                fields["trl"] = d.trl
            if d.transfer_modes:
                fields["transfer_modes"] = list(d.transfer_modes)
            writer.add_document(tantivy.Document(**fields))
            # The typo rule asks "is this word in the vocabulary?", like search_terms.
            for text in (d.title, d.summary, d.body, " ".join(d.keywords)):
                self.vocabulary.update(words_of(text))
            count += 1
        return count

    def commit(self, writer: Any) -> None:
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    # -- searching ---------------------------------------------------------------------------

    def _word(self, word: str, *, typos: bool = True) -> Any:
        typo = typos and len(word) >= 5 and word not in self.vocabulary
        clauses = []
        for name, boost in BOOSTS.items():
            if typo:
                q = Query.fuzzy_term_query(
                    self.schema, name, word, distance=2 if len(word) >= 9 else 1
                )
            else:
                q = Query.term_query(self.schema, name, word)
            clauses.append((Occur.Should, Query.boost_query(q, boost)))
        return Query.boolean_query(clauses)

    def _filters(self, query: SearchQuery) -> list[Any]:
        f = query.filter
        out: list[Any] = []
        for name, values in (
            ("kind", tuple(k.value for k in query.kinds)),
            ("province", f.provinces),
            ("field_code", f.field_codes),
            ("ip_status", f.ip_statuses),
            ("transfer_modes", f.transfer_modes),
            ("status", f.statuses),
            ("organization_kind", f.organization_kinds),
        ):
            if values:
                out.append(Query.term_set_query(self.schema, name, list(values)))
        if f.trl_min is not None or f.trl_max is not None:
            out.append(
                Query.range_query(
                    self.schema, "trl", tantivy.FieldType.Integer, f.trl_min or 1, f.trl_max or 9
                )
            )
        return out

    def search(self, query: SearchQuery) -> dict[str, Any]:
        typed = WORD.findall(query.text.lower())
        words = words_of(query.text)
        clauses: list[tuple[Any, Any]] = []
        text_query = None
        if words:
            text_query = Query.boolean_query([(Occur.Must, self._word(w)) for w in words])
            clauses.append((Occur.Must, text_query))
            strict = Query.boolean_query([(Occur.Must, self._word(w, typos=False)) for w in words])
            clauses.append((Occur.Should, Query.const_score_query(strict, STRICT_BONUS)))
            marked = [w for w in typed if w != fold(w)]
            if marked:
                exact = Query.boolean_query(
                    [(Occur.Must, Query.term_query(self.schema, "exact", w)) for w in marked]
                )
                clauses.append((Occur.Should, Query.const_score_query(exact, EXACT_BONUS)))
        else:
            clauses.append((Occur.Must, Query.all_query()))
        clauses.extend((Occur.Must, Query.const_score_query(q, 0.0)) for q in self._filters(query))
        full = Query.boolean_query(clauses)
        searcher = self.searcher
        result = searcher.search(full, query.limit, count=True, offset=query.offset)
        facets = self._facets(searcher, full)
        hits = []
        generators = (
            [(n, SnippetGenerator.create(searcher, text_query, self.schema, n)) for n in BOOSTS]
            if text_query is not None
            else []
        )
        for score, address in result.hits:
            doc = searcher.doc(address)
            highlights = {n: g.snippet_from_doc(doc).to_html() for n, g in generators}
            hits.append((doc["id"][0], doc["title"][0], score, highlights))
        return {"hits": hits, "total": result.count, "facets": facets}

    def _facets(self, searcher: Any, query: Any) -> dict[str, dict[str, int]]:
        aggregations = {
            name: {"terms": {"field": name, "size": 100}}
            if name != "trl"
            else {"histogram": {"field": "trl", "interval": 1}}
            for name in FACETS
        }
        raw = searcher.aggregate(query, aggregations)
        out: dict[str, dict[str, int]] = {}
        for name in FACETS:
            buckets = raw.get(name, {}).get("buckets", [])
            out[name] = {
                str(int(b["key"]) if isinstance(b["key"], float) else b["key"]): b["doc_count"]
                for b in buckets
                if b["doc_count"]
            }
        return out


def ids_of(hits: Sequence[Any]) -> list[str]:
    return [h[0] for h in hits]
