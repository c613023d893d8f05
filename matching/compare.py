"""Paired bootstrap over needs: is one run's nDCG@10 (or recall@10, MRR) better than another's?

    .venv/bin/python -m matching.compare --qrels Q.tsv RUN_A RUN_B [RUN_C ...]

Each run (`innovex evaluate --run-out`, TREC-like lines) is scored per labelled need; the
difference of each later run minus RUN_A is resampled over needs (1000 resamples with
replacement, seed fixed), and the mean with its 95 % percentile interval is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from matching.metrics import (
    load_qrels,
    ndcg_at_k,
    rank_items,
    read_run,
    recall_at_k,
    reciprocal_rank,
)

METRICS = ("ndcg@10", "recall@10", "mrr")


def per_need(
    run: Mapping[str, Mapping[str, float]], qrels: Mapping[str, Mapping[str, float]]
) -> dict[str, np.ndarray]:
    """Each metric per labelled need, needs in sorted order (a need missing scores 0)."""
    needs = sorted(n for n, rels in qrels.items() if any(r > 0 for r in rels.values()))
    out: dict[str, list[float]] = {m: [] for m in METRICS}
    for need in needs:
        ranking = rank_items(run.get(need, {}))
        rels = qrels[need]
        out["ndcg@10"].append(ndcg_at_k(ranking, rels, 10))
        out["recall@10"].append(recall_at_k(ranking, rels, 10))
        out["mrr"].append(reciprocal_rank(ranking, rels))
    return {m: np.asarray(v) for m, v in out.items()}


def bootstrap_difference(
    a: np.ndarray, b: np.ndarray, *, resamples: int = 1000, seed: int = 12
) -> tuple[float, float, float]:
    """Mean of b - a over needs, and the 2.5 / 97.5 percentiles of its bootstrap means."""
    diff = b - a
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(resamples, len(diff)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(diff.mean()), float(low), float(high)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("runs", type=Path, nargs="+")
    args = parser.parse_args(argv)
    qrels = load_qrels(args.qrels)
    scores = {path: per_need(read_run(path), qrels) for path in args.runs}
    base = args.runs[0]
    for path in args.runs:
        cells = [f"{m} {scores[path][m].mean():.3f}" for m in METRICS]
        sys.stdout.write(f"{path.name}: {', '.join(cells)} ({len(scores[path]['mrr'])} needs)\n")
    for path in args.runs[1:]:
        for m in METRICS:
            mean, low, high = bootstrap_difference(
                scores[base][m], scores[path][m], resamples=args.resamples
            )
            sys.stdout.write(
                f"{path.name} - {base.name}, {m}: {mean:+.3f} [{low:+.3f}, {high:+.3f}]\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
