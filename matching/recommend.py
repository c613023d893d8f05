"""The hybrid ranker: fuses a query's checked candidates into an explained ranking
(`domain.matching.Ranker`), with the research engineer's formula (`matching.fusion`,
notes/matching-research.md).

*Listings* (offers for a need, opportunities for a fund, needs for an offer): `hybrid_scores`,
both relevance components z-scored over the candidates, mixed with ``w_sem``, minus
``fit_penalty`` standard deviations times the share of failed checks. *Suppliers*: a
supplier's score must be comparable across needs, so it is pooled (`pool_suppliers`, default
``max``) from each listing's *raw* cosine similarity minus ``SUPPLIER_FIT_PENALTY`` times the
share of failed checks (per-need z-scores were the most damaging choice measured).

Explanations are built from public facts only: titles of public listings, the cosine
similarity, the query's words found in the listing's *public* search document, and the checks.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final
from uuid import UUID

import numpy as np

from domain.fit_checks import fit_value
from domain.matching import Candidate, MatchedListing, SupplierMatch
from domain.text import fold
from matching.fusion import FloatArray, HybridWeights, hybrid_scores, pool_suppliers
from matching.text import ENGLISH_STOPWORDS, VIETNAMESE_FUNCTION_WORDS

BEST_LISTINGS: Final = 3  # listings shown per supplier
# cosine units: one spread (sd) of a need's cosines over the listings, e5's (MiniLM's was 0.1)
SUPPLIER_FIT_PENALTY: Final = 0.03
# Lexical weight 0.4 at full coverage, falling as coverage**4 (a partly covered query shares
# mostly names and numbers): chosen by cross-validation over the vi, xling and scifact dev
# needs (notes/vietnamese-matching.md, section 5).
LISTING_WEIGHTS: Final = HybridWeights(semantic=0.6)
COVERAGE_POWER: Final = 4.0
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def surface_words(query_text: str) -> dict[str, str]:
    """Folded word -> the word as written in the query (first occurrence)."""
    out: dict[str, str] = {}
    for word in _WORD.findall(query_text):
        out.setdefault(fold(word), word)
    return out


@dataclass(frozen=True, slots=True)
class QueryWords:
    """The query's words in order, folded, and whether only spaces separate each from the next
    (punctuation or a line break ends a phrase)."""

    written: tuple[str, ...]
    folded: tuple[str, ...]
    joined: tuple[bool, ...]  # joined[i]: word i and word i + 1 are adjacent


def query_words(query_text: str) -> QueryWords:
    found = list(_WORD.finditer(query_text))
    gaps = (query_text[a.end() : b.start()] for a, b in itertools.pairwise(found))
    joined = tuple(not gap.strip() and "\n" not in gap for gap in gaps)
    written = tuple(m.group() for m in found)
    return QueryWords(written, tuple(fold(w) for w in written), (*joined, False))


def _is_function_word(written: str) -> bool:
    w = unicodedata.normalize("NFC", written.lower())
    return w in ENGLISH_STOPWORDS or w in VIETNAMESE_FUNCTION_WORDS


def _content(run: list[int], words: QueryWords) -> list[int]:
    """The run without function words at its ends ("the river" -> "river"; "vào" -> nothing)."""
    start, end = 0, len(run)
    while start < end and _is_function_word(words.written[run[start]]):
        start += 1
    while end > start and _is_function_word(words.written[run[end - 1]]):
        end -= 1
    return run[start:end]


def _as_written(matched: Iterable[str], words: QueryWords) -> tuple[str, ...]:
    """Matched lexemes as the query wrote them, adjacent ones joined into the phrase they form
    ("năng lượng mặt trời", not four syllables); the phrase holding the most informative
    lexeme (`matched` comes rarest first) first, without repeats or function words at a
    phrase's ends."""
    # a matched phrase ("mat troi") counts as its words: phrases are rebuilt from adjacency
    lexemes = (w for t in matched for w in t.split(" "))
    order = {t: rank for rank, t in reversed(list(enumerate(lexemes)))}
    runs: list[list[int]] = []
    run: list[int] = []
    for i, folded in enumerate(words.folded):
        if folded in order:
            run.append(i)
        if run and (folded not in order or not words.joined[i]):
            runs.append(run)
            run = []
    phrases: dict[str, tuple[int, int, str]] = {}  # folded phrase -> (rank, position, written)
    for run in (_content(r, words) for r in runs):
        if not run:
            continue
        key = " ".join(words.folded[i] for i in run)
        rank = min(order[words.folded[i]] for i in run)
        phrases.setdefault(key, (rank, run[0], " ".join(words.written[i] for i in run)))
    # a phrase inside a longer one quoted elsewhere ("mặt trời" of "điện mặt trời") adds nothing
    padded = [f" {key} " for key in phrases]
    for key in list(phrases):
        if any(f" {key} " in other and other != f" {key} " for other in padded):
            del phrases[key]
    placed = set(words.folded)
    for t, rank in order.items():  # a lexeme the query's words do not spell (kept as stored)
        if t not in placed:
            phrases.setdefault(t, (rank, len(words.folded), t))
    return tuple(w for _, _, w in sorted(phrases.values()))


def explain(candidate: Candidate, score: float, words: QueryWords) -> MatchedListing:
    f = candidate.facts
    return MatchedListing(
        kind=f.kind,
        id=f.id,
        organization_id=f.organization_id,
        organization_name=f.organization_name,
        title=f.title,
        score=score,
        similarity=candidate.similarity,
        lexical=candidate.lexical,
        matched_terms=_as_written(candidate.matched, words),
        checks=candidate.checks,
    )


def covered_weights(weights: HybridWeights, coverage: float) -> HybridWeights:
    """The lexical weight scaled by the query's lexical coverage c, as c**COVERAGE_POWER
    (notes/vietnamese-matching.md, section 5): a query whose words the listings have keeps the
    full lexical weight; a query in another language than the listings leans on meaning alone."""
    coverage = min(max(coverage, 0.0), 1.0)
    lexical = (1.0 - weights.semantic) * coverage**COVERAGE_POWER
    return replace(weights, semantic=1.0 - lexical)


def fuse(candidates: Sequence[Candidate], weights: HybridWeights) -> FloatArray:
    """`matching.fusion.hybrid_scores` over the candidates of one query."""
    if not candidates:
        return np.zeros(0)
    sem = np.array([np.nan if c.similarity is None else c.similarity for c in candidates])
    lex = np.array([np.nan if c.lexical is None else c.lexical for c in candidates])
    fit = np.array([fit_value(c.checks) for c in candidates])
    if np.isnan(sem).all() and not np.isnan(lex).all():
        sem, lex = lex, np.full_like(lex, np.nan)  # no vector yet: lexical alone
    lexical = None if np.isnan(lex).all() else lex
    return hybrid_scores(sem, lexical, fit, weights)


def supplier_scores(candidates: Sequence[Candidate], weights: HybridWeights) -> FloatArray:
    """Per-listing scores for supplier pooling: raw cosine minus the fit penalty (comparable
    across needs); NaN for a listing without a vector. Before anything is embedded, the
    hybrid (lexical) score stands in."""
    if not candidates:
        return np.zeros(0)
    sem = np.array([np.nan if c.similarity is None else c.similarity for c in candidates])
    if np.isnan(sem).all():
        return fuse(candidates, weights)
    fit = np.array([fit_value(c.checks) for c in candidates])
    out: FloatArray = sem + SUPPLIER_FIT_PENALTY * (fit - 1.0)
    return out


def _or_lowest(score: float) -> float:
    return -math.inf if math.isnan(score) else score


def rank_listings(
    candidates: Sequence[Candidate], scores: FloatArray, query_text: str, first: int
) -> list[MatchedListing]:
    words = _query_words(query_text)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], str(candidates[i].facts.id)))
    return [explain(candidates[i], float(scores[i]), words) for i in order[:first]]


def rank_suppliers(
    candidates: Sequence[Candidate],
    scores: FloatArray,
    deals: Mapping[UUID, int],
    query_text: str,
    first: int,
) -> list[SupplierMatch]:
    """Pool listing scores per supplier (`pool_suppliers`, the research default: max) and
    explain each supplier by its best listings and the checks of its best listing plus its
    track record. `scores` must be comparable across needs (`supplier_scores`)."""
    if not candidates:
        return []
    owners = [str(c.facts.organization_id) for c in candidates]
    pooled = pool_suppliers(scores, owners)
    words = _query_words(query_text)
    by_owner: dict[str, list[int]] = {}
    for i, owner in enumerate(owners):
        by_owner.setdefault(owner, []).append(i)
    ranked = sorted(pooled, key=lambda o: (-pooled[o], o))[:first]
    out: list[SupplierMatch] = []
    for owner in ranked:
        idx = sorted(
            by_owner[owner],
            key=lambda i: (-_or_lowest(float(scores[i])), str(candidates[i].facts.id)),
        )
        best = tuple(explain(candidates[i], float(scores[i]), words) for i in idx[:BEST_LISTINGS])
        org_id = UUID(owner)
        out.append(
            SupplierMatch(
                organization_id=org_id,
                organization_name=candidates[idx[0]].facts.organization_name,
                score=float(pooled[owner]),
                deals=deals.get(org_id, 0),
                best_listings=best,
                checks=best[0].checks,
            )
        )
    return out


@dataclass(frozen=True)
class HybridRanker:
    """`domain.matching.Ranker` over numpy fusion."""

    weights: HybridWeights = LISTING_WEIGHTS

    def rank_listings(
        self,
        candidates: Sequence[Candidate],
        query_text: str,
        first: int,
        *,
        lexical_coverage: float = 1.0,
    ) -> list[MatchedListing]:
        weights = covered_weights(self.weights, lexical_coverage)
        return rank_listings(candidates, fuse(candidates, weights), query_text, first)

    def rank_suppliers(
        self,
        candidates: Sequence[Candidate],
        deals: Mapping[UUID, int],
        query_text: str,
        first: int,
    ) -> list[SupplierMatch]:
        scores = supplier_scores(candidates, self.weights)
        return rank_suppliers(candidates, scores, deals, query_text, first)

    def as_written(self, matched: Iterable[str], query_text: str) -> tuple[str, ...]:
        return _as_written(matched, _query_words(query_text))


@functools.lru_cache(maxsize=64)
def _query_words(query_text: str) -> QueryWords:
    # A supplier ranking asks once per listing shown: the query's words are read once.
    return query_words(query_text)
