"""Offline evaluation harness for the matcher.

The harness separates *candidate scoring* from *ranking*:

* a `CandidateScorer` (`matching.scorers`) turns (needs, offers) into a score matrix, one row
  per need, one column per offer, NaN where the component did not retrieve the offer;
* `rank_offers` scores with the given components and fuses them (`fuse`, built on
  `matching.fusion`) into a run;
* `rank_suppliers` pools offer scores into supplier scores per need.

`python -m matching.evaluation` reproduces the numbers in notes/matching-research.md. The data
folder defaults to ../shared/data relative to the project root; the harness exits with a clear
message when it is absent (the labelled sets are never copied into the repository).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from domain.matching import Embedder
from matching.fusion import (
    DEFAULT_LSE_TEMPERATURE,
    DEFAULT_POOLING,
    DEFAULT_TOP_K,
    FloatArray,
    HybridWeights,
    Pooling,
    hybrid_scores,
    normalise_rows,
    pool_suppliers,
    rrf,
    standardise_global,
)
from matching.metrics import (
    EvalNeed,
    EvalOffer,
    EvalSet,
    evaluate_retrieval,
    load_eval_set,
    pairwise_loss,
    write_run,
)
from matching.scorers import (
    DEFAULT_CACHE_DIR,
    BM25Scorer,
    CandidateScorer,
    DenseScorer,
    TfidfScorer,
    TsRankScorer,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"


# --------------------------------------------------------------------------------------------
# Ranking


def restrict_to_top(scores: FloatArray, depth: int | None) -> FloatArray:
    """Keep each row's `depth` best scores and set the rest to NaN (a kNN / LIMIT cut-off)."""
    if depth is None or depth >= scores.shape[1]:
        return scores.copy()
    filled = np.where(np.isfinite(scores), scores, -np.inf)
    keep = np.argpartition(-filled, depth - 1, axis=1)[:, :depth]
    out = np.full_like(scores, np.nan)
    rows = np.arange(scores.shape[0])[:, None]
    out[rows, keep] = scores[rows, keep]
    return out


@dataclass(frozen=True, slots=True)
class Fusion:
    """How component matrices become one offer-score matrix.

    ``kind="hybrid"``: `matching.fusion.hybrid_scores` per need (normalised weighted sum);
    ``kind="rrf"``: reciprocal rank fusion; ``kind="single"``: the first component as is.
    ``depth`` simulates the production candidate generation: each component only retrieves
    its own top ``depth`` per need (pgvector kNN ``LIMIT``, full-text ``LIMIT``); the union is
    what gets fused and normalised. None = every offer is a candidate.
    """

    kind: Literal["hybrid", "rrf", "single"] = "hybrid"
    weights: HybridWeights = field(default_factory=HybridWeights)
    rrf_k: int = 60
    depth: int | None = None


def fuse(components: Sequence[FloatArray], fusion: Fusion) -> FloatArray:
    """Fuse aligned (needs x offers) matrices, ``[semantic]`` or ``[semantic, lexical]``.

    Offers retrieved by no component come out NaN (not ranked).
    """
    if not components:
        raise ValueError("no component to fuse")
    parts = [restrict_to_top(c, fusion.depth) for c in components]
    retrieved = np.logical_or.reduce([np.isfinite(p) for p in parts])
    if fusion.kind == "single" or len(parts) == 1:
        out = parts[0]
    elif fusion.kind == "rrf":
        out = np.vstack([rrf([p[i] for p in parts], fusion.rrf_k) for i in range(len(parts[0]))])
    else:
        sem, lex = parts[0], parts[1]
        if fusion.depth is not None:
            # the semantic score of a lexical-only candidate is known in production too
            # (its vector is one lookup away), so only the candidate set is restricted
            sem = np.where(retrieved, components[0], np.nan)
        out = np.vstack(
            [hybrid_scores(sem[i], lex[i], None, fusion.weights) for i in range(len(sem))]
        )
    return np.where(retrieved, out, np.nan)


def to_run(
    needs: Sequence[EvalNeed], offers: Sequence[EvalOffer], scores: FloatArray
) -> dict[str, dict[str, float]]:
    """Score matrix -> run; NaN / inf cells (not retrieved) are left out."""
    run: dict[str, dict[str, float]] = {}
    for i, need in enumerate(needs):
        row = scores[i]
        run[need.id] = {o.id: float(row[j]) for j, o in enumerate(offers) if np.isfinite(row[j])}
    return run


def rank_offers(
    needs: Sequence[EvalNeed],
    offers: Sequence[EvalOffer],
    scorers: Sequence[CandidateScorer],
    fusion: Fusion = Fusion(),
) -> dict[str, dict[str, float]]:
    """Score with each component (``[semantic]`` or ``[semantic, lexical]``), fuse, rank."""
    return to_run(needs, offers, fuse([s.score(needs, offers) for s in scorers], fusion))


def rank_suppliers(
    needs: Sequence[EvalNeed],
    offers: Sequence[EvalOffer],
    scores: FloatArray,
    pooling: Pooling = DEFAULT_POOLING,
    *,
    temperature: float = DEFAULT_LSE_TEMPERATURE,
    top_k: int = DEFAULT_TOP_K,
) -> dict[str, dict[str, float]]:
    """Pool each need's offer scores into supplier scores (`matching.fusion.pool_suppliers`).

    Pass scores that are comparable *across* needs (raw cosine, or `standardise_global`):
    per-need normalisation erases how well a need fits a supplier in absolute terms.
    """
    suppliers = [o.supplier for o in offers]
    return {
        need.id: pool_suppliers(scores[i], suppliers, pooling, temperature=temperature, top_k=top_k)
        for i, need in enumerate(needs)
    }


# --------------------------------------------------------------------------------------------
# Command line


def _line(label: str, values: Mapping[str, float]) -> str:
    cells = "  ".join(f"{k}={v:.4f}" for k, v in values.items())
    return f"  {label:<46} {cells}"


def _retrieval_table(s: EvalSet, systems: Mapping[str, FloatArray], runs: Path | None) -> list[str]:
    lines = [f"{s.name}: {len(s.needs)} needs, {len(s.offers)} offers (offer retrieval)"]
    for label, matrix in systems.items():
        run = to_run(s.needs, s.offers, matrix)
        m = evaluate_retrieval(run, s.qrels)
        lines.append(_line(label, {"nDCG@10": m.ndcg_at_10, "R@10": m.recall_at_10, "MRR": m.mrr}))
        if runs is not None:
            write_run(runs / f"{s.name}.{_slug(label)}.tsv", run, top_k=100)
    return lines


def _supplier_table(
    s: EvalSet, systems: Mapping[str, dict[str, dict[str, float]]], runs: Path | None
) -> list[str]:
    n_sup = len({o.supplier for o in s.offers})
    lines = [f"{s.name}: {len(s.needs)} needs, {n_sup} suppliers (supplier ranking, loss)"]
    for label, run in systems.items():
        lines.append(
            _line(
                label,
                {
                    "pooled": pairwise_loss(run, s.qrels, average="pooled"),
                    "per-supplier": pairwise_loss(run, s.qrels, average="supplier"),
                },
            )
        )
        if runs is not None:
            write_run(runs / f"{s.name}.{_slug(label)}.tsv", run)
    return lines


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in label).strip("-")


def evaluate_offers(
    s: EvalSet, embedder: Embedder, cache: Path | None, *, chunked: bool
) -> dict[str, FloatArray]:
    """The offer-retrieval systems of the research notes, by label."""
    dense = DenseScorer(embedder, cache).score(s.needs, s.offers)
    bm25 = BM25Scorer().score(s.needs, s.offers)
    tfidf = TfidfScorer().score(s.needs, s.offers)
    ts = TsRankScorer().score(s.needs, s.offers)
    hybrid = Fusion()
    systems: dict[str, FloatArray] = {
        "dense (MiniLM, truncated)": dense,
        "bm25": bm25,
        "tfidf cosine": tfidf,
        "ts_rank (emulated, title A, body B)": ts,
        "rrf(dense, bm25)": fuse([dense, bm25], Fusion(kind="rrf")),
        "hybrid z(dense)+z(bm25) w=0.5 [chosen]": fuse([dense, bm25], hybrid),
        "hybrid minmax w=0.5": fuse(
            [dense, bm25], Fusion(weights=HybridWeights(normalisation="minmax"))
        ),
        "hybrid w=0.5, top-100 per component": fuse(
            [dense, bm25], Fusion(weights=HybridWeights(), depth=100)
        ),
        "hybrid z(dense)+z(tfidf) w=0.5": fuse([dense, tfidf], hybrid),
        "hybrid z(dense)+z(ts_rank) w=0.5": fuse([dense, ts], hybrid),
    }
    if chunked:
        count = getattr(embedder, "tokenize_count", None)
        for pool in ("max", "mean"):
            chunks = DenseScorer(embedder, cache, chunking=pool, count_tokens=count)
            m = chunks.score(s.needs, s.offers)
            systems[f"dense chunked, {pool} over chunks"] = m
            systems[f"hybrid w=0.5, dense chunked {pool}"] = fuse([m, bm25], hybrid)
    return systems


def evaluate_suppliers(
    s: EvalSet, embedder: Embedder, cache: Path | None
) -> dict[str, dict[str, dict[str, float]]]:
    """The supplier-ranking systems of the research notes, by label."""
    dense = DenseScorer(embedder, cache).score(s.needs, s.offers)
    bm25 = BM25Scorer().score(s.needs, s.offers)
    tfidf = TfidfScorer().score(s.needs, s.offers)

    def sup(
        m: FloatArray, pooling: Pooling, *, temperature: float = 0.05, top_k: int = 3
    ) -> dict[str, dict[str, float]]:
        return rank_suppliers(s.needs, s.offers, m, pooling, temperature=temperature, top_k=top_k)

    return {
        "dense max [chosen]": sup(dense, "max"),
        "dense mean": sup(dense, "mean"),
        "dense top-3 mean": sup(dense, "topk", top_k=3),
        "dense lse t=0.02": sup(dense, "lse", temperature=0.02),
        "dense lse t=0.05": sup(dense, "lse", temperature=0.05),
        "dense lse t=0.1": sup(dense, "lse", temperature=0.1),
        "tfidf max": sup(np.nan_to_num(tfidf), "max"),
        "bm25 max": sup(np.nan_to_num(bm25), "max"),
        "per-need z(dense) max": sup(normalise_rows(dense), "max"),
        "per-need hybrid z w=0.5 max": sup(fuse([dense, bm25], Fusion()), "max"),
        "global z(dense)+z(bm25) w=0.8 max": sup(
            0.8 * standardise_global(dense) + 0.2 * standardise_global(bm25), "max"
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Offline evaluation of the matcher.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--runs", type=Path, default=None, help="write run files here")
    parser.add_argument(
        "--chunked", action="store_true", help="also chunked offers (slow the first time)"
    )
    args = parser.parse_args(argv)
    missing = [n for n in ("scifact", "expert") if not (args.data / n).is_dir()]
    if missing:
        sys.stderr.write(f"evaluation data {missing} not found under {args.data}; skipping\n")
        return 2

    from matching.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    scifact = load_eval_set(args.data / "scifact")
    lines = _retrieval_table(
        scifact, evaluate_offers(scifact, embedder, args.cache, chunked=args.chunked), args.runs
    )
    expert = load_eval_set(args.data / "expert")
    lines += _supplier_table(expert, evaluate_suppliers(expert, embedder, args.cache), args.runs)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
