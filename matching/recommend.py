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
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final
from uuid import UUID

import numpy as np

from domain.fit_checks import fit_value
from domain.matching import Candidate, MatchedListing, SupplierMatch
from domain.text import fold
from matching.fusion import FloatArray, HybridWeights, hybrid_scores, pool_suppliers

BEST_LISTINGS: Final = 3  # listings shown per supplier
SUPPLIER_FIT_PENALTY: Final = 0.1  # cosine units, about one spread of a need's candidate cosines
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


def _as_written(matched: Iterable[str], words: Mapping[str, str]) -> tuple[str, ...]:
    """Matched lexemes and phrases as the query wrote them, without repeats; a word inside a
    matched phrase is quoted by the phrase only."""
    terms = list(matched)
    in_phrases = {w for t in terms if " " in t for w in t.split(" ")}
    shown = (
        " ".join(words.get(w, w) for w in t.split(" "))
        for t in terms
        if " " in t or t not in in_phrases
    )
    return tuple(dict.fromkeys(shown))


def explain(candidate: Candidate, score: float, words: Mapping[str, str]) -> MatchedListing:
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
    words = surface_words(query_text)
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
    words = surface_words(query_text)
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
        return _as_written(matched, _surface_words(query_text))


@functools.lru_cache(maxsize=64)
def _surface_words(query_text: str) -> Mapping[str, str]:
    # A supplier ranking asks once per listing shown: the query's words are read once.
    return surface_words(query_text)
