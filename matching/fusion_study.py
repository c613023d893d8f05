"""Choosing the fusion rule on the dev halves without tuning to noise (issue 12, item 2).

    .venv/bin/python -m matching.fusion_study --sets DIR --qrels-root DATA [--folds 5]
    .venv/bin/python -m matching.fusion_study --variants DIR --qrels-root DATA \
        [--baseline vi=vi.tfidf.run]

`DIR` holds `<set>.jsonl` candidate dumps (`innovex evaluate --data DATA --candidates-out DIR`),
`DATA/<set>/qrels.tsv` their labels. Every rule re-ranks the same production candidates.
With `--variants`, `DIR/<variant>/<set>.jsonl` are the candidates of lexical scoring variants
(`bench/lexical_study.py`) and the choice is over (variant, a, p); a `--baseline` run of a set
is compared need by need with that set's cross-validated scores (paired bootstrap).
A rule family maps a need's lexical coverage c to the lexical weight, w_lex = a * c**p, and
(a, p) is chosen to maximise the mean nDCG@10 over the sets (each set counts once) by K-fold
cross-validation over needs: every need is scored by a rule chosen without it. The spread of
the choice is the share of bootstrap resamples (over needs, within each set) that pick each
(a, p); a rule picked by most resamples is stable, a rule picked by few is the noise's.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from matching.candidates import NeedCandidates, read_candidates
from matching.fusion import FloatArray, HybridWeights, hybrid_scores
from matching.metrics import load_qrels, ndcg_at_k, rank_items, read_run

# (a, p): the lexical weight's ceiling and how fast it falls as coverage drops
GRID: tuple[tuple[float, float], ...] = tuple(
    (a, p) for a in (0.3, 0.4, 0.5, 0.6, 0.7) for p in (1.0, 2.0, 4.0, 8.0)
)


def fused(c: NeedCandidates, lexical_weight: float) -> FloatArray:
    """The production fusion (`matching.recommend.fuse` without fit checks)."""
    lex = None if np.isnan(c.lexical).all() else c.lexical
    sem = c.similarity
    if np.isnan(sem).all() and lex is not None:
        sem, lex = lex, None
    weights = HybridWeights(semantic=1.0 - min(max(lexical_weight, 0.0), 1.0))
    return hybrid_scores(sem, lex, None, weights)


def need_ndcg(
    dumps: Sequence[NeedCandidates], qrels: Mapping[str, Mapping[str, float]], a: float, p: float
) -> FloatArray:
    """nDCG@10 of each labelled need (sorted by id; 0 for a need without candidates)."""
    by_need = {d.need: d for d in dumps}
    out = []
    for need in sorted(n for n, rels in qrels.items() if any(r > 0 for r in rels.values())):
        d = by_need.get(need)
        if d is None or not d.items:
            out.append(0.0)
            continue
        scores = fused(d, a * d.coverage**p)
        ranking = rank_items(dict(zip(d.items, scores.tolist(), strict=True)))
        out.append(ndcg_at_k(ranking, qrels[need], 10))
    return np.asarray(out)


def choose(tables: Mapping[str, FloatArray], rows: Mapping[str, np.ndarray]) -> int:
    """Index into GRID maximising the mean over sets of the mean nDCG@10 over `rows`."""
    means = np.mean([tables[s][:, rows[s]].mean(axis=1) for s in tables], axis=0)
    return int(np.argmax(means))


def cross_validated(
    tables: Mapping[str, FloatArray], folds: int, seed: int
) -> tuple[dict[str, FloatArray], list[int]]:
    """Each need's nDCG@10 under the rule chosen on the other folds; the choices made."""
    rng = np.random.default_rng(seed)
    assign = {s: rng.permutation(t.shape[1]) % folds for s, t in tables.items()}
    scored = {s: np.zeros(t.shape[1]) for s, t in tables.items()}
    picks = []
    for k in range(folds):
        pick = choose(tables, {s: np.flatnonzero(assign[s] != k) for s in tables})
        picks.append(pick)
        for s, t in tables.items():
            held = np.flatnonzero(assign[s] == k)
            scored[s][held] = t[pick, held]
    return scored, picks


def bootstrap_choices(tables: Mapping[str, FloatArray], resamples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = np.zeros(next(iter(tables.values())).shape[0], dtype=int)
    for _ in range(resamples):
        rows = {
            s: np.asarray(rng.integers(0, t.shape[1], size=t.shape[1])) for s, t in tables.items()
        }
        counts[choose(tables, rows)] += 1
    return counts


def interval(values: FloatArray, resamples: int = 1000, seed: int = 12) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), (resamples, len(values)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def baseline_ndcg(run_path: Path, qrels: Mapping[str, Mapping[str, float]]) -> FloatArray:
    """nDCG@10 of each labelled need of a run file, in `need_ndcg`'s order."""
    run = read_run(run_path)
    needs = sorted(n for n, rels in qrels.items() if any(r > 0 for r in rels.values()))
    return np.asarray([ndcg_at_k(rank_items(run.get(n, {})), qrels[n], 10) for n in needs])


def paired(diff: FloatArray, resamples: int = 1000, seed: int = 12) -> tuple[float, float]:
    """95 % bootstrap interval of the mean of paired differences."""
    return interval(diff, resamples, seed)


def _label(label: tuple[str, float, float]) -> str:
    return f"{label[0]} a {label[1]:g} p {label[2]:g}"


def variant_study(args: argparse.Namespace) -> int:
    """The choice over (lexical variant, a, p), cross-validated over needs."""
    variants = sorted(p.name for p in args.variants.iterdir() if p.is_dir())
    labels = [(v, a, p) for v in variants for a, p in GRID]
    sets = sorted({f.stem for v in variants for f in (args.variants / v).glob("*.jsonl")})
    sets = [s for s in sets if all((args.variants / v / f"{s}.jsonl").exists() for v in variants)]
    if not sets:
        sys.stderr.write(f"no set with dumps of every variant in {args.variants}\n")
        return 2
    tables: dict[str, FloatArray] = {}
    for name in sets:
        qrels = load_qrels(args.qrels_root / name / "qrels.tsv")
        rows: list[FloatArray] = []
        for v in variants:
            dumps = read_candidates(args.variants / v / f"{name}.jsonl")
            rows.extend(need_ndcg(dumps, qrels, a, p) for a, p in GRID)
        tables[name] = np.vstack(rows)
    w = sys.stdout.write
    w("| variant | best (a, p) on all needs | " + " | ".join(sets) + " | mean | at (0.4, 4): ")
    w(" | ".join(sets) + " |\n")
    for k, v in enumerate(variants):
        block = slice(k * len(GRID), (k + 1) * len(GRID))
        means = np.mean([tables[s][block].mean(axis=1) for s in sets], axis=0)
        best = int(np.argmax(means))
        at = GRID.index((0.4, 4.0))
        cells = " | ".join(f"{tables[s][block][best].mean():.3f}" for s in sets)
        prod = " | ".join(f"{tables[s][block][at].mean():.3f}" for s in sets)
        a, p = GRID[best]
        w(f"| {v} | {a:g}, {p:g} | {cells} | {means[best]:.3f} | {prod} |\n")
    scored, picks = cross_validated(tables, args.folds, args.seed)
    w(f"\n{args.folds}-fold choices: " + "; ".join(_label(labels[i]) for i in picks))
    baselines = dict(b.split("=", 1) for b in args.baseline)
    for s, v in scored.items():
        lo, hi = interval(v)
        w(f"\n{s}: cross-validated nDCG@10 {v.mean():.3f} [{lo:.3f}, {hi:.3f}] ({len(v)} needs)")
        if s in baselines:
            base = baseline_ndcg(Path(baselines[s]), load_qrels(args.qrels_root / s / "qrels.tsv"))
            dlo, dhi = paired(v - base)
            w(f"; minus {Path(baselines[s]).name} ({base.mean():.3f}): ")
            w(f"{(v - base).mean():+.3f} [{dlo:+.3f}, {dhi:+.3f}]")
    counts = bootstrap_choices(tables, args.resamples, args.seed)
    by_variant: dict[str, int] = {}
    for i, c in enumerate(counts):
        by_variant[labels[i][0]] = by_variant.get(labels[i][0], 0) + int(c)
    w(f"\nbootstrap choices over {args.resamples} resamples, by variant: ")
    w(", ".join(f"{v}: {c}" for v, c in sorted(by_variant.items(), key=lambda x: -x[1]) if c))
    w("\n  by (variant, a, p): ")
    w(", ".join(f"{_label(labels[i])}: {c}" for i, c in enumerate(counts) if c))
    w("\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=Path, help="folder of <set>.jsonl dumps")
    parser.add_argument("--variants", type=Path, help="folder of <variant>/<set>.jsonl dumps")
    parser.add_argument("--baseline", action="append", default=[], help="SET=RUN file")
    parser.add_argument("--qrels-root", type=Path, required=True, help="DATA with <set>/qrels")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--resamples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    if args.variants is not None:
        return variant_study(args)
    if args.sets is None:
        parser.error("give --sets or --variants")
    tables: dict[str, FloatArray] = {}
    for path in sorted(args.sets.glob("*.jsonl")):
        qrels = load_qrels(args.qrels_root / path.stem / "qrels.tsv")
        dumps = read_candidates(path)
        tables[path.stem] = np.vstack([need_ndcg(dumps, qrels, a, p) for a, p in GRID])
    if not tables:
        sys.stderr.write(f"no candidate dumps in {args.sets}\n")
        return 2
    w = sys.stdout.write
    w("| w_lex = a * c**p | " + " | ".join(tables) + " | mean |\n")
    for i, (a, p) in enumerate(GRID):
        cells = [tables[s][i].mean() for s in tables]
        w(f"| a {a:.1f}, p {p:g} | " + " | ".join(f"{c:.3f}" for c in cells))
        w(f" | {np.mean(cells):.3f} |\n")
    scored, picks = cross_validated(tables, args.folds, args.seed)
    chosen = ", ".join(f"a {GRID[i][0]} p {GRID[i][1]:g}" for i in picks)
    w(f"\n{args.folds}-fold choices: {chosen}")
    for s, v in scored.items():
        lo, hi = interval(v)
        w(f"\n{s}: cross-validated nDCG@10 {v.mean():.3f} [{lo:.3f}, {hi:.3f}] ({len(v)} needs)")
    counts = bootstrap_choices(tables, args.resamples, args.seed)
    w(f"\nbootstrap choices over {args.resamples} resamples: ")
    w(", ".join(f"a {GRID[i][0]} p {GRID[i][1]:g}: {c}" for i, c in enumerate(counts) if c))
    w("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
