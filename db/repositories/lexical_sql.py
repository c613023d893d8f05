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
from typing import Final

from cachetools import TTLCache

# ts_rank weights for {D, C, B, A}: body/organisation, summary, keywords, title. A need is a
# paragraph matched against whole descriptions, where the summary carries as much evidence as
# the title (the search box's title-first weights ranked worse: notes/matching-research.md);
# an organisation's name is not evidence about a listing.
RANK_WEIGHTS: Final = (0.1, 1.0, 1.0, 1.0)
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

LEXICAL_SQL: Final = f"""
WITH q AS (
    SELECT t.term, t.idf, {_tsquery_of("t.term")} AS tq
    FROM unnest(CAST(:terms AS text[]), CAST(:idfs AS float8[])) AS t(term, idf)
)
SELECT d.id, min(d.organization_id) AS organization_id,
       sum(q.idf * ts_rank(CAST(:weights AS float4[]), d.search_vector, q.tq, :norm)) AS score,
       array_agg(q.term ORDER BY q.idf DESC) AS matched
FROM q JOIN search_documents d ON d.search_vector @@ q.tq
WHERE d.kind = ANY(CAST(:kinds AS text[])) __RESTRICT__
GROUP BY d.id
ORDER BY score DESC, d.id
LIMIT :limit
"""


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
