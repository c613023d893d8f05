"""Supplier pooling chosen by its robustness (issue 12, item 7), on the dev half of the expert set.

    .venv/bin/python bench/supplier_pooling.py [--data ../shared/data/expert] [--seed 12]

Scores every (need, supplier) pair the way the production path does (the need's stored e5
vector, embedded as a query from its public text, against each of the supplier's listings
embedded as passages; vectors from the `innovex evaluate` cache in `.data/cache/`, computed
when missing), pools each supplier's listing cosines with every candidate (max, mean, top-k,
log-sum-exp at several temperatures), and reports for each candidate the pooled pairwise loss
on all dev suppliers, its mean and spread over a bootstrap of suppliers (paired with max), and
its mean and spread over repeated 5-fold cross-validation over suppliers. Then, per family
with a parameter, the parameter chosen on the training folds is scored on the held-out fold
(nested: what choosing that knob on this little data is worth). The rule applied to choose:
the one-standard-error rule (Hastie, Tibshirani, Friedman, ESL 7.10): the simplest candidate
whose cross-validated loss is within one standard error of the best.

Suppliers, not needs, are resampled: the loss compares the needs *one supplier* rated, so the
supplier is the unit the held-out half differs by.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.repositories.embedding_source import SubjectRow  # noqa: E402
from innovex.evaluate import TITLE_MAX, CachedEmbedder  # noqa: E402
from matching.fusion import pool_portfolio  # noqa: E402
from matching.metrics import (  # noqa: E402
    _supplier_pair_loss,
    invert_qrels,
    load_needs,
    load_offers,
    load_qrels,
)
from matching.text import normalize_space  # noqa: E402
from matching.vectors import VectorSpace, subject_text  # noqa: E402

Pool = Callable[[np.ndarray], float]

# (name, complexity rank for the 1-SE rule: 0 = no knob, then the closer to max the simpler)
CANDIDATES: list[tuple[str, int, Pool]] = [
    ("max", 0, partial(pool_portfolio, method="max")),
    *[
        (f"lse t={t}", 1, partial(pool_portfolio, method="lse", temperature=t))
        for t in (0.005, 0.01, 0.02, 0.03, 0.05, 0.1)
    ],
    *[(f"top-{k} mean", 1, partial(pool_portfolio, method="topk", top_k=k)) for k in (2, 3, 5)],
    ("mean", 0, partial(pool_portfolio, method="mean")),
]
FAMILIES = {
    "lse": [n for n, *_ in CANDIDATES if n.startswith("lse")],
    "top-k": [n for n, *_ in CANDIDATES if n.startswith("top-")],
}


def texts(
    data: Path,
) -> tuple[list[str], list[str], list[str], list[str], dict[str, dict[str, float]]]:
    needs = load_needs(data / "needs.jsonl")
    offers = load_offers(data / "offers.jsonl")
    qrels = load_qrels(data / "qrels.tsv")
    need_texts = []
    for n in needs:  # as innovex.evaluate loads them: title, the text as the problem statement
        body = n.text if n.text.strip() and n.text.strip() != n.title.strip() else None
        row = SubjectRow(
            "need",
            None,
            None,
            True,
            {  # type: ignore[arg-type]
                "title": normalize_space(n.title)[:TITLE_MAX] or n.id,
                "problem_statement": body,
                "desired_outcome": None,
                "constraints": None,
                "keywords": [],
            },
        )
        need_texts.append(subject_text(row)[1])
    offer_texts = []
    for o in offers:
        row = SubjectRow(
            "offer",
            None,
            None,
            True,
            {  # type: ignore[arg-type]
                "title": normalize_space(o.title)[:TITLE_MAX] or o.id,
                "summary": o.text or None,
                "terms": None,
                "keywords": [],
            },
        )
        offer_texts.append(subject_text(row)[1])
    return ([n.id for n in needs], need_texts, [o.supplier for o in offers], offer_texts, qrels)


def supplier_losses(
    cos: np.ndarray,
    need_ids: Sequence[str],
    owners: Sequence[str],
    qrels: dict[str, dict[str, float]],
    pool: Pool,
) -> dict[str, tuple[float, float]]:
    """(weighted mistakes, total weight) per rating supplier under `pool`."""
    row = {n: i for i, n in enumerate(need_ids)}
    cols: dict[str, list[int]] = {}
    for j, s in enumerate(owners):
        cols.setdefault(s, []).append(j)
    out = {}
    for supplier, rated in invert_qrels(qrels).items():
        if len(rated) < 2:
            continue
        predicted = {n: pool(cos[row[n], cols[supplier]]) for n in rated}
        loss, total = _supplier_pair_loss(predicted, rated)
        if total > 0:
            out[supplier] = (loss, total)
    return out


def pooled(parts: dict[str, tuple[float, float]], suppliers: Sequence[str]) -> float:
    return sum(parts[s][0] for s in suppliers) / sum(parts[s][1] for s in suppliers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent.parent / "shared/data/expert")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--boot", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument(
        "--score", help="only print this candidate's pooled loss on --data (the held-out half)"
    )
    parser.add_argument(
        "--needs-as",
        choices=("query", "passage"),
        default="query",
        help="e5 role of the needs (production: query)",
    )
    args = parser.parse_args()
    from matching.embedder import BundledE5Embedder

    model = VectorSpace.default().model
    embedder = CachedEmbedder(BundledE5Embedder(ROOT / ".data"), model, ROOT / ".data" / "cache")
    need_ids, need_texts, owners, offer_texts, qrels = texts(args.data)
    nv = np.asarray(embedder.embed(need_texts, query=args.needs_as == "query"))
    ov = np.asarray(embedder.embed(offer_texts))
    embedder.save()
    print(
        f"vectors: {len(need_texts)} needs, {len(offer_texts)} offers; "
        f"computed now (cache misses): {embedder.computed}"
    )
    nv /= np.linalg.norm(nv, axis=1, keepdims=True)
    ov /= np.linalg.norm(ov, axis=1, keepdims=True)
    cos = nv @ ov.T
    parts = {
        name: supplier_losses(cos, need_ids, owners, qrels, pool) for name, _, pool in CANDIDATES
    }
    suppliers = sorted(parts["max"])
    n = len(suppliers)
    if args.score:
        print(
            f"{args.score}: pooled pairwise loss {pooled(parts[args.score], suppliers):.4f} "
            f"over {n} suppliers (per-supplier mean "
            f"{np.mean([parts[args.score][s][0] / parts[args.score][s][1] for s in suppliers]):.4f})"
        )
        return
    rng = np.random.default_rng(args.seed)

    # bootstrap over suppliers, the same resamples for every candidate (paired)
    boot_idx = rng.integers(0, n, size=(args.boot, n))
    loss = {name: np.array([parts[name][s][0] for s in suppliers]) for name in parts}
    weight = {name: np.array([parts[name][s][1] for s in suppliers]) for name in parts}
    boot = {name: loss[name][boot_idx].sum(1) / weight[name][boot_idx].sum(1) for name in parts}

    # repeated 5-fold CV over suppliers: test-fold pooled loss of each candidate
    folds = 5
    cv: dict[str, list[float]] = {name: [] for name in parts}
    nested: dict[str, list[float]] = {fam: [] for fam in FAMILIES}
    chosen: dict[str, dict[str, int]] = {fam: {} for fam in FAMILIES}
    for _ in range(args.repeats):
        order = rng.permutation(n)
        for f in range(folds):
            test = [suppliers[i] for i in order[f::folds]]
            train = [s for s in suppliers if s not in test]
            for name, part in parts.items():
                cv[name].append(pooled(part, test))
            for fam, names in FAMILIES.items():
                best = min(names, key=lambda m: (pooled(parts[m], train), m))
                chosen[fam][best] = chosen[fam].get(best, 0) + 1
                nested[fam].append(pooled(parts[best], test))

    print(
        f"\n{n} dev suppliers with informative pairs, {sum(len(r) for r in qrels.values())} ratings;"
        f" bootstrap {args.boot} resamples, CV {args.repeats} x {folds}-fold, seed {args.seed}\n"
    )
    print(
        "| pooling | loss (all dev) | bootstrap mean ± sd | Δ vs max, 95 % interval | "
        "CV test-fold mean ± sd | CV standard error |"
    )
    print("|---|---|---|---|---|---|")
    rows = []
    for name, rank, _ in CANDIDATES:
        full = pooled(parts[name], suppliers)
        b = boot[name]
        d = b - boot["max"]
        c = np.array(cv[name])
        se = c.std(ddof=1) / np.sqrt(folds)  # sd of a fold mean over folds, per repeat
        rows.append((name, rank, c.mean(), se))
        print(
            f"| {name} | {full:.4f} | {b.mean():.4f} ± {b.std():.4f} | "
            f"{d.mean():+.4f} [{np.quantile(d, 0.025):+.4f}, {np.quantile(d, 0.975):+.4f}] | "
            f"{c.mean():.4f} ± {c.std():.4f} | {se:.4f} |"
        )
    best = min(rows, key=lambda r: r[2])
    within = [r for r in rows if r[2] <= best[2] + best[3]]
    pick = min(within, key=lambda r: (r[1], r[2]))
    print(
        f"\nbest CV mean: {best[0]} {best[2]:.4f} (SE {best[3]:.4f}); within one SE: "
        + ", ".join(r[0] for r in within)
        + f"; one-SE rule picks: {pick[0]}"
    )
    for fam in FAMILIES:
        v = np.array(nested[fam])
        print(
            f"nested CV, {fam} with its knob chosen on the training folds: "
            f"{v.mean():.4f} ± {v.std():.4f} (max on the same folds {np.mean(cv['max']):.4f}); "
            f"chosen: {dict(sorted(chosen[fam].items(), key=lambda kv: -kv[1]))}"
        )
    # the scale a fit penalty is measured in: a need's spread of cosines over the listings
    spread = cos.std(axis=1)
    per_supplier_max = np.array(
        [
            [cos[i, [j for j, o in enumerate(owners) if o == s]].max() for s in sorted(set(owners))]
            for i in range(len(need_ids))
        ]
    )
    print(
        f"\ne5 cosine, need x listing: median {np.median(cos):.3f}, p10 {np.quantile(cos, 0.1):.3f},"
        f" p90 {np.quantile(cos, 0.9):.3f}; per-need spread (sd over listings) median "
        f"{np.median(spread):.4f}; per-need sd of the suppliers' max: "
        f"{np.median(per_supplier_max.std(axis=1)):.4f}"
    )


if __name__ == "__main__":
    main()
