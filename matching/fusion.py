"""How the matcher turns component scores into one ranking. Pure functions over numpy arrays.

Listings: each relevance component is z-scored over one query's candidates, mixed with
``w_sem`` and penalised by failed fit checks (`hybrid_scores`); `rrf` is the scale-free
alternative. Suppliers: a supplier's listing scores are pooled (`pool_suppliers`, default
``max``) from scores comparable across needs. The reasoning and the measured figures behind
each choice are in notes/matching-research.md ("The formula").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
Normalisation = Literal["zscore", "minmax", "none"]
Pooling = Literal["max", "mean", "topk", "lse"]

DEFAULT_SEMANTIC_WEIGHT = 0.5
DEFAULT_FIT_PENALTY = 1.0
DEFAULT_RRF_K = 60
DEFAULT_LSE_TEMPERATURE = 0.05
DEFAULT_POOLING: Pooling = "max"
DEFAULT_TOP_K = 3
_FLAT = 1e-12


def normalise(scores: ArrayLike, method: Normalisation = "zscore") -> FloatArray:
    """Rescale one need's candidate scores; NaN (= not retrieved) stays NaN.

    ``zscore``: (s - mean) / std over the finite scores (all 0 when they are all equal).
    ``minmax``: (s - min) / (max - min) into [0, 1] (all 0 when they are all equal).
    ``none``: unchanged.
    """
    s = np.asarray(scores, dtype=np.float64)
    if method == "none":
        return s.copy()
    finite = s[np.isfinite(s)]
    out = np.full_like(s, np.nan)
    if finite.size == 0:
        return out
    mask = np.isfinite(s)
    if method == "zscore":
        mean, std = float(finite.mean()), float(finite.std())
        # equal scores can leave a rounding-error std (1e-17) that would blow up the z-scores
        flat = std <= _FLAT * max(1.0, abs(mean))
        out[mask] = 0.0 if flat else (s[mask] - mean) / std
    else:
        lo, hi = float(finite.min()), float(finite.max())
        flat = hi - lo <= _FLAT * max(1.0, abs(hi))
        out[mask] = 0.0 if flat else (s[mask] - lo) / (hi - lo)
    return out


def standardise_global(matrix: ArrayLike) -> FloatArray:
    """z-score over *all* cells of a (needs x candidates) matrix; NaN counts as the minimum.

    One affine map for every need, so scores stay comparable across needs (what supplier
    ranking needs), while components on different scales can still be added.
    """
    m = np.asarray(matrix, dtype=np.float64)
    finite = m[np.isfinite(m)]
    if finite.size == 0:
        return np.zeros_like(m)
    filled = np.where(np.isfinite(m), m, float(finite.min()))
    std = float(filled.std())
    if std <= _FLAT * max(1.0, abs(float(filled.mean()))):
        return np.zeros_like(m)
    return (filled - float(filled.mean())) / std


def normalise_rows(matrix: ArrayLike, method: Normalisation = "zscore") -> FloatArray:
    """`normalise` applied to every row (one row per need) of a 2-D score matrix."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError("expected a 2-D matrix (needs x candidates)")
    return np.vstack([normalise(row, method) for row in m]) if m.shape[0] else m.copy()


@dataclass(frozen=True, slots=True)
class HybridWeights:
    """The knobs of `hybrid_scores`; see the module docstring for what each one means."""

    semantic: float = DEFAULT_SEMANTIC_WEIGHT
    fit_penalty: float = DEFAULT_FIT_PENALTY
    normalisation: Normalisation = "zscore"

    def __post_init__(self) -> None:
        if not 0.0 <= self.semantic <= 1.0:
            raise ValueError("semantic weight must be within [0, 1]")
        if self.fit_penalty < 0:
            raise ValueError("fit_penalty must be non-negative")


def hybrid_scores(
    semantic: ArrayLike,
    lexical: ArrayLike | None = None,
    fit: ArrayLike | None = None,
    weights: HybridWeights = HybridWeights(),
) -> FloatArray:
    """Final scores of one need's candidates (higher is better).

    ``semantic`` and ``lexical`` are raw component scores aligned by candidate; NaN marks a
    candidate that the component did not retrieve (e.g. outside the kNN list, or no shared
    word): after normalisation it gets that component's lowest observed value, the most
    optimistic assumption that is still below every retrieved candidate. Without ``lexical``
    the semantic component alone is used.
    """
    sem = _fill_missing(normalise(semantic, weights.normalisation))
    if lexical is None:
        relevance = sem
    else:
        lex = _fill_missing(normalise(lexical, weights.normalisation))
        if lex.shape != sem.shape:
            raise ValueError("semantic and lexical scores must be aligned")
        relevance = weights.semantic * sem + (1.0 - weights.semantic) * lex
    if fit is None:
        return relevance
    fit_arr = np.clip(np.asarray(fit, dtype=np.float64), 0.0, 1.0)
    if fit_arr.shape != relevance.shape:
        raise ValueError("fit scores must be aligned with the candidates")
    return relevance + weights.fit_penalty * (fit_arr - 1.0)


def _fill_missing(z: FloatArray) -> FloatArray:
    finite = z[np.isfinite(z)]
    floor = float(finite.min()) if finite.size else 0.0
    return np.where(np.isfinite(z), z, floor)


def fit_score(checks: Sequence[float | None]) -> float:
    """Mean of the applicable fit checks (each in [0, 1]); None = not applicable; 1 if none."""
    known = [min(max(c, 0.0), 1.0) for c in checks if c is not None]
    return sum(known) / len(known) if known else 1.0


def rrf(rankings: Sequence[ArrayLike], k: int = DEFAULT_RRF_K) -> FloatArray:
    """Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): sum_c 1 / (k + rank_c).

    Each input is one component's raw scores for the same candidates (higher = better; NaN =
    not retrieved, contributes nothing). Ranks start at 1; ties share the best rank of the tie.
    ``k`` = 60 is the paper's value: it damps the difference between rank 1 and rank 5.
    """
    if not rankings:
        raise ValueError("nothing to fuse")
    arrays = [np.asarray(r, dtype=np.float64) for r in rankings]
    total = np.zeros_like(arrays[0])
    for a in arrays:
        if a.shape != total.shape:
            raise ValueError("all rankings must score the same candidates")
        total += np.where(np.isfinite(a), 1.0 / (k + _competition_rank(a)), 0.0)
    return total


def _competition_rank(scores: FloatArray) -> FloatArray:
    """Rank 1 = best; equal scores share the smallest rank; NaN gets rank inf."""
    filled = np.where(np.isfinite(scores), scores, -np.inf)
    order = np.sort(filled)[::-1]
    # rank = 1 + number of strictly better scores
    better = np.searchsorted(-order, -filled, side="left")
    ranks = better.astype(np.float64) + 1.0
    return np.where(np.isfinite(scores), ranks, np.inf)


# --------------------------------------------------------------------------------------------
# Portfolio pooling for supplier ranking


def pool_portfolio(
    scores: ArrayLike,
    method: Pooling = DEFAULT_POOLING,
    *,
    temperature: float = DEFAULT_LSE_TEMPERATURE,
    top_k: int = DEFAULT_TOP_K,
) -> float:
    """One supplier's score for a need from the scores of its listings for that need.

    ``max``: best listing. ``mean``: average listing. ``topk``: mean of the ``top_k`` best
    (all of them if fewer). ``lse``: log-sum-exp mean with ``temperature`` t (module
    docstring); computed stably as max + t * log(mean(exp((s - max) / t))).
    """
    s = np.asarray(scores, dtype=np.float64).ravel()
    s = s[np.isfinite(s)]
    if s.size == 0:
        raise ValueError("a supplier with no scored listing cannot be pooled")
    if method == "max":
        return float(s.max())
    if method == "mean":
        return float(s.mean())
    if method == "topk":
        if top_k < 1:
            raise ValueError("top_k must be at least 1")
        return float(np.sort(s)[::-1][:top_k].mean())
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    m = float(s.max())
    return m + temperature * float(np.log(np.mean(np.exp((s - m) / temperature))))


def pool_suppliers(
    listing_scores: ArrayLike,
    suppliers: Sequence[str],
    method: Pooling = DEFAULT_POOLING,
    *,
    temperature: float = DEFAULT_LSE_TEMPERATURE,
    top_k: int = DEFAULT_TOP_K,
) -> dict[str, float]:
    """Pool one need's listing scores (aligned with ``suppliers``) into supplier scores."""
    s = np.asarray(listing_scores, dtype=np.float64).ravel()
    if s.shape[0] != len(suppliers):
        raise ValueError("one supplier per listing score expected")
    groups: dict[str, list[int]] = {}
    for i, supplier in enumerate(suppliers):
        if supplier:
            groups.setdefault(supplier, []).append(i)
    out: dict[str, float] = {}
    for supplier, idx in groups.items():
        sub = s[idx]
        if np.isfinite(sub).any():
            out[supplier] = pool_portfolio(sub, method, temperature=temperature, top_k=top_k)
    return out


def weighted_sum(components: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """sum_c weights[c] * components[c] over the named components (all aligned)."""
    if not weights:
        raise ValueError("no weights given")
    names = list(weights)
    total = np.zeros_like(np.asarray(components[names[0]], dtype=np.float64))
    for name in names:
        total += weights[name] * np.asarray(components[name], dtype=np.float64)
    return total
