"""Query analysis for the PostgreSQL search: the words of a query as tsqueries.

PostgreSQL splits and folds the query (`ANALYSE_SQL`, the same parser and dictionaries as the
documents) and proposes typo variants from the vocabulary; `compile_analysis` then groups
synonyms and variants into the `full`, `strict` and `exact` tsqueries the statement ranks by.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from domain.text import fold, spellings

ONE_TYPO_FROM: Final = 5
TWO_TYPOS_FROM: Final = 9
MAX_QUERY_CHARS: Final = 1000  # longer input is cut: nobody types more into a search box
MAX_QUERY_WORDS: Final = 32
TYPO_CANDIDATES: Final = 60  # nearest vocabulary words checked by levenshtein, per query word
MAX_PAIRS: Final = 8  # adjacent query word pairs checked for proximity, per query

WORD = re.compile(r"[^\W_]+")

ANALYSE_SQL: Final = f"""
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


def quote_lexeme(word: str) -> str:
    """A tsquery operand, quoted."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def title_prefix_tsquery(words: Sequence[str], *, complete: bool) -> str:
    """Every word in the title (weight A), the last one as a prefix unless the typed text
    ended a word ("máy ", "IoT.", "lũ?"). Words come from the word pattern, so tsquery syntax
    typed by the caller (`:*`, `&`, `!`) is never an operator, and each operand is quoted."""
    last = quote_lexeme(words[-1]) + (":A" if complete else ":*A")
    return " & ".join([*(quote_lexeme(w) + ":A" for w in words[:-1]), last])


def phrase(words: Sequence[str], suffix: str = "") -> str:
    return " <-> ".join(quote_lexeme(word) + suffix for word in words)


def spelt(word: str) -> str:
    """A word as a tsquery operand that matches each of its spellings ("li" or "ly")."""
    options = spellings(word)
    if len(options) == 1:
        return quote_lexeme(word)
    return "(" + " | ".join(quote_lexeme(o) for o in options) + ")"


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Synonym phrases as folded word tuples, longest first for greedy matching."""

    alternatives: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    longest: int

    @classmethod
    def build(cls, mapping: Mapping[str, Sequence[str]]) -> Synonyms:
        alternatives: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for term, others in mapping.items():
            key = tuple(WORD.findall(fold(term)))
            if key:
                alternatives[key] = tuple(
                    words for words in (tuple(WORD.findall(fold(o))) for o in others) if words
                )
        return cls(alternatives, max((len(k) for k in alternatives), default=0))


@dataclass(frozen=True, slots=True)
class Analysis:
    """A query as tsqueries: `full` matches (with typos and synonyms), `strict` is the same
    without typo variants, `exact` is every word typed with diacritics, as typed (any of its
    spellings). `pairs` are the query's adjacent word pairs as phrases (proximity), and
    `phrase` the whole query as one phrase (None for a single word)."""

    full: str | None
    strict: str | None
    exact: str | None
    pairs: tuple[str, ...] = ()
    phrase: str | None = None


def compile_analysis(
    words: Sequence[str],
    variants: Mapping[str, Sequence[str]],
    exact_words: Sequence[str],
    synonyms: Synonyms,
) -> Analysis:
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
            alternatives = [phrase(key), *(phrase(other) for other in others)]
            if size == 1:
                alternatives[1:1] = [quote_lexeme(v) for v in variants.get(key[0], ())]
            group = "(" + " | ".join(f"({a})" for a in alternatives) + ")"
            strict = "(" + " | ".join(f"({phrase(o)})" for o in (key, *others)) + ")"
            full_groups.append(group)
            strict_groups.append(strict)
            i += size
            matched = True
            break
        if matched:
            continue
        word = words[i]
        options = list(dict.fromkeys([*spellings(word), *variants.get(word, ())]))
        if len(options) == 1:  # as in `strict`: a query without variants needs no second test
            full_groups.append(quote_lexeme(word))
        else:
            full_groups.append("(" + " | ".join(quote_lexeme(o) for o in options) + ")")
        strict_groups.append(spelt(word))
        i += 1
    if not full_groups:
        return Analysis(None, None, None)
    full = " & ".join(full_groups)
    strict = " & ".join(strict_groups)
    exact = " & ".join(spelt(w) for w in exact_words) if exact_words else None
    operands = [spelt(word) for word in words]
    pairs = tuple(dict.fromkeys(f"{a} <-> {b}" for a, b in itertools.pairwise(operands)))[
        :MAX_PAIRS
    ]
    whole = " <-> ".join(operands) if len(operands) > 1 else None
    return Analysis(full, None if strict == full else strict, exact, pairs, whole)
