"""Lexical relevance for matching, from the search backend's PostgreSQL full-text index
(`search_documents.search_vector`, migration 0004) but not from its `search` call: a search
box ANDs the words typed, while a need is a paragraph that no listing contains word for word.
Here each need is turned into its rarest terms, and a listing scores
``sum_t idf(t) * ts_rank(search_vector, t)`` over the terms it contains: PostgreSQL's own
field-weighted, length-normalised term weight, with the inverse document frequency that
plain `ts_rank` lacks. Document frequencies come from the planner's statistics of the column
(`pg_stats.most_common_elems`) for common terms and from the GIN index for the rest. Terms
include pairs of adjacent query words, matched as phrases (`a <-> b`) at `PHRASE_WEIGHT`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Final

from cachetools import TTLCache

# ts_rank weights for {D, C, B, A}: body/organisation, summary, keywords, title. A need is a
# paragraph matched against whole descriptions, where the summary carries as much evidence as
# the title (the search box's title-first weights ranked worse: notes/matching-research.md);
# an organisation's name is not evidence about a listing.
RANK_WEIGHTS: Final = (0.1, 1.0, 1.0, 1.0)
# ts_rank weights over `exact_vector`, whose positions are all of class D (no setweight).
EXACT_RANK_WEIGHTS: Final = (1.0, 1.0, 1.0, 1.0)
# ts_rank normalization bit mask: 1 divides by 1 + log(document length).
RANK_NORMALIZATION: Final = 1
# A phrase's weight relative to a word of the same idf (the matcher passes a phrase's idf less
# its rarer word's, `domain.matching.phrase_information`): a matched phrase also matches its two
# words, which count on their own (notes/vietnamese-matching.md, section 5).
PHRASE_WEIGHT: Final = 0.5


def _tsquery_of(column: str) -> str:
    """SQL turning a term column into a tsquery, taken literally: a lexeme, or a phrase of
    lexemes separated by spaces (a lexeme never holds one) that must follow each other."""
    quoted = "'''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || ''''"
    return (
        f"CAST(array_to_string(ARRAY(SELECT {quoted} FROM unnest(string_to_array({column}, ' '))"
        " WITH ORDINALITY AS p(w, i) ORDER BY i), ' <-> ') AS tsquery)"
    )


LEXEMES_SQL: Final = """
SELECT f.lexeme AS term FROM unnest(to_tsvector('public.innovex_search', :text)) AS f
WHERE char_length(f.lexeme) >= 2 AND f.lexeme !~ '^[0-9]$'
"""

# Adjacent pairs of the query's words: Vietnamese writes a word as syllables separated by
# spaces ("năng lượng"), so a pair is often the word itself (notes/vietnamese-matching.md).
PHRASES_SQL: Final = """
WITH w AS (
    SELECT f.lexeme, p.pos
    FROM unnest(to_tsvector('public.innovex_search', :text)) AS f, unnest(f.positions) AS p(pos)
    WHERE char_length(f.lexeme) >= 2 AND f.lexeme !~ '^[0-9]$'
)
SELECT DISTINCT a.lexeme || ' ' || b.lexeme AS term FROM w a JOIN w b ON b.pos = a.pos + 1
"""

FREQUENCIES_SQL: Final = f"""
WITH terms AS (SELECT unnest(CAST(:terms AS text[])) AS term),
stats AS MATERIALIZED (  -- once, not once per term: the array conversion is costly
    SELECT CAST(CAST(s.most_common_elems AS text) AS text[]) AS elems,
           s.most_common_elem_freqs AS freqs
    FROM pg_stats s
    WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents'
      AND s.attname = 'search_vector'
),
total AS (
    SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::bigint
                ELSE (SELECT count(*) FROM search_documents) END AS n
    FROM pg_class c WHERE c.oid = 'search_documents'::regclass
),
freq AS (
    SELECT t.term, (SELECT s.freqs[array_position(s.elems, t.term)] FROM stats s) AS f
    FROM terms t
)
SELECT fr.term, (SELECT n FROM total) AS n,
       CASE WHEN fr.f IS NOT NULL THEN round(fr.f * (SELECT n FROM total))::bigint
            ELSE (SELECT count(*) FROM search_documents d
                  WHERE d.search_vector @@ {_tsquery_of("fr.term")}) END AS df
FROM freq fr
"""

COVERED_SQL: Final = f"""
SELECT t.term FROM unnest(CAST(:terms AS text[])) AS t(term)
WHERE EXISTS (SELECT 1 FROM search_documents d
              WHERE d.search_vector @@ {_tsquery_of("t.term")}
                AND d.kind = ANY(CAST(:kinds AS text[])))
"""


@dataclass(frozen=True, slots=True)
class LexicalScoring:
    """How a listing's score for one query term is computed (notes/vietnamese-matching.md,
    section 9). ``bm25_b`` None: idf * ts_rank with `RANK_NORMALIZATION` (the rule before);
    a number: Okapi BM25 with that length normalisation over the term frequency ts_rank implies.
    ``exact_weight``: how much an occurrence spelt with the query's own diacritics adds to the
    folded one (0: folded only), times idf(spelling) / idf(folded) with ``exact_idf``."""

    bm25_b: float | None = None
    bm25_k1: float = 1.2
    exact_weight: float = 0.0
    exact_idf: bool = False  # the exact channel weighs a term by its spelling's own idf


# An occurrence spelt as the query spells it counts twice a folded one. In a cross-validation
# over the vi, xling and scifact dev needs the folded-only rule was never chosen, an exact
# channel in 130 of 200 resamples, its weight (0.5-4) tied: 1 is the smallest of the tied and
# the commonest choice (notes/vietnamese-matching.md, section 9).
LEXICAL_SCORING: Final = LexicalScoring(exact_weight=1.0)
# ts_rank of an OR query over positions of weight 1 is H(n) / zeta(2), H(n) = sum_{j<=n} 1/j^2,
# so n = 1 / (zeta(2) - H(n)) - 1/2 within rounding (exact for n = 1, 2, 3, ...).
_ZETA2: Final = 1.6449340668
_TF_OF_RANK = "greatest(1.0 / greatest({z} - {z} * {r}, 1e-4) - 0.5, 0.0)".replace(
    "{z}", str(_ZETA2)
)


def _term_score(scoring: LexicalScoring) -> tuple[str, str]:
    """(SQL of one matched (document, term) row's score before the term's idf, a lateral
    select it reads as `m.tf`: the term frequency, computed once per row)."""
    rank = "ts_rank(CAST(:weights AS float4[]), d.search_vector, q.tq, {n})"
    exact = (
        "CASE WHEN q.etq IS NULL THEN 0.0 ELSE ts_rank(CAST(:exact_weights AS float4[]), "
        "d.exact_vector, q.etq, {n}) END"
    )
    if scoring.bm25_b is None:
        r = rank.format(n=":norm")
        if not scoring.exact_weight:
            return r, ""
        return f"({r} + q.boost * {exact.format(n=':norm')})", ""
    # a phrase's rank is proximity, not frequency: a phrase counts once (tf 1) where it occurs
    tf = f"CASE WHEN q.phrase THEN 1.0 ELSE {_TF_OF_RANK.format(r=rank.format(n='0'))} END"
    if scoring.exact_weight:
        tf_exact = (
            f"CASE WHEN q.phrase THEN ({exact.format(n='0')} > 0)::int "
            f"ELSE {_TF_OF_RANK.format(r=exact.format(n='0'))} END"
        )
        # BM25F-like: occurrences spelt as typed add to the folded ones before saturation
        tf = f"{tf} + q.boost * {tf_exact}"
    lateral = f"CROSS JOIN LATERAL (SELECT ({tf}) AS tf OFFSET 0) AS m"
    norm = "(1.0 - :b + :b * length(d.search_vector) / CAST(:mean_length AS float8))"
    score = f"(m.tf * (:k1 + 1.0) / (m.tf + :k1 * {norm}))"
    return score.replace(":k1", "CAST(:k1 AS float8)").replace(":b", "CAST(:b AS float8)"), lateral


def lexical_sql(scoring: LexicalScoring) -> str:
    """Best documents for a query's terms: the sum over the terms a document holds of idf times
    `_term_score`; `__RESTRICT__` is where a restriction to given ids goes."""
    score, lateral = _term_score(scoring)
    return f"""
WITH q AS (
    SELECT t.term, t.idf, {_tsquery_of("t.term")} AS tq,
           CAST(nullif(t.exact, '') AS tsquery) AS etq, t.boost,
           position(' ' in t.term) > 0 AS phrase
    FROM unnest(CAST(:terms AS text[]), CAST(:idfs AS float8[]), CAST(:exacts AS text[]),
                CAST(:boosts AS float8[])) AS t(term, idf, exact, boost)
)
SELECT d.id, min(d.organization_id) AS organization_id,
       sum(q.idf * {score}) AS score,
       array_agg(q.term ORDER BY q.idf DESC) AS matched
FROM q JOIN search_documents d ON d.search_vector @@ q.tq {lateral}
WHERE d.kind = ANY(CAST(:kinds AS text[])) __RESTRICT__
GROUP BY d.id
ORDER BY score DESC, d.id
LIMIT :limit
"""


LEXICAL_SQL: Final = lexical_sql(LEXICAL_SCORING)

# A query's lexemes as folded for `search_vector` and as spelt for `exact_vector` (same parser,
# so the positions line up).
SPELLINGS_SQL: Final = """
WITH f AS (
    SELECT e.lexeme, p.pos
    FROM unnest(to_tsvector('public.innovex_search', :text)) AS e, unnest(e.positions) AS p(pos)
),
x AS (
    SELECT e.lexeme, p.pos
    FROM unnest(to_tsvector('pg_catalog.simple', :text)) AS e, unnest(e.positions) AS p(pos)
)
SELECT f.pos, f.lexeme AS folded, x.lexeme AS exact FROM f JOIN x ON x.pos = f.pos ORDER BY f.pos
"""

# Documents holding a spelling (among those holding its folded form, found by the GIN index).
EXACT_FREQUENCIES_SQL: Final = f"""
SELECT t.i, (SELECT count(*) FROM search_documents d
             WHERE d.search_vector @@ {_tsquery_of("t.term")}
               AND d.exact_vector @@ CAST(t.exact AS tsquery)) AS df
FROM unnest(CAST(:terms AS text[]), CAST(:exacts AS text[])) WITH ORDINALITY AS t(term, exact, i)
"""

# Mean number of distinct lexemes of the documents of some kinds (BM25's average length).
MEAN_LENGTH_SQL: Final = """
SELECT count(*) AS n, coalesce(sum(length(d.search_vector)), 0) AS total
FROM search_documents d WHERE d.kind = ANY(CAST(:kinds AS text[]))
"""


def tsquery_literal(words: list[str]) -> str:
    """A tsquery matching `words` in this order, each taken literally (as `_tsquery_of`)."""
    quoted = ("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)
    return " <-> ".join(quoted)


# A lexeme's (document frequency, number of documents), kept by the process between requests.
TermFrequencies = MutableMapping[str, tuple[int, int]]


def term_frequency_cache(
    ttl_seconds: float = 60.0, size: int = 200_000, timer: Callable[[], float] = time.monotonic
) -> TermFrequencies:
    """Document frequencies move slowly and counting them is a need's costliest lexical read
    (planner statistics, then a GIN lookup per rarer term): the API keeps them for a minute.
    Words found in no listing are kept too (a need's text has many: without them nearly every
    request counted again); a listing's word new to the exchange therefore adds to lexical
    relevance up to a minute after it is listed (similarity counts at once), whichever process
    listed it: each API process keeps its own (tests/integration/test_cache_staleness.py)."""
    return TTLCache(maxsize=size, ttl=ttl_seconds, timer=timer)
