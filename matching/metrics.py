"""Ranking-quality metrics and evaluation-data I/O for the matcher.

Independent of any matcher code on purpose: a metric that imports the thing it measures can
quietly agree with it. Everything here works on plain mappings:

* a *run* is ``{need_id: {item_id: score}}`` (higher score = better), as produced by a matcher;
* *qrels* are ``{need_id: {item_id: relevance}}``; relevance > 0 means relevant, larger means
  more relevant (graded sets such as expert use 1-5 with fractional steps).

Rankings are derived from a run by sorting on score descending and, for equal scores, on item id
ascending, so every metric is deterministic.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Literal

Run = Mapping[str, Mapping[str, float]]
Qrels = Mapping[str, Mapping[str, float]]


# --------------------------------------------------------------------------------------------
# Evaluation data


@dataclass(frozen=True, slots=True)
class EvalNeed:
    """One labelled need (query) of an evaluation set."""

    id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class EvalOffer:
    """One candidate listing; `supplier` is "" when the set has no supplier information."""

    id: str
    supplier: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class EvalSet:
    """Needs, candidate pool and labels of one evaluation set (e.g. scifact, expert)."""

    name: str
    needs: tuple[EvalNeed, ...]
    offers: tuple[EvalOffer, ...]
    qrels: dict[str, dict[str, float]]


def load_needs(path: Path) -> list[EvalNeed]:
    """Read `needs.jsonl`: one JSON object per line with at least id, title, text."""
    out: list[EvalNeed] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append(
                    EvalNeed(
                        id=str(row["id"]),
                        title=str(row.get("title") or ""),
                        text=str(row.get("text") or ""),
                    )
                )
    return out


def load_offers(path: Path) -> list[EvalOffer]:
    """Read `offers.jsonl`: id, supplier (may be empty), title, text."""
    out: list[EvalOffer] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append(
                    EvalOffer(
                        id=str(row["id"]),
                        supplier=str(row.get("supplier") or ""),
                        title=str(row.get("title") or ""),
                        text=str(row.get("text") or ""),
                    )
                )
    return out


def load_qrels(path: Path) -> dict[str, dict[str, float]]:
    """Read `qrels.tsv`: a header line, then need_id, item_id, relevance (tab-separated)."""
    qrels: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader, None)
        for row in reader:
            if not row or not row[0].strip():
                continue
            need_id, item_id, rel = row[0], row[1], float(row[2])
            qrels.setdefault(need_id, {})[item_id] = rel
    return qrels


def load_eval_set(folder: Path) -> EvalSet:
    """Load `needs.jsonl`, `offers.jsonl` and `qrels.tsv` from `folder`."""
    return EvalSet(
        name=folder.name,
        needs=tuple(load_needs(folder / "needs.jsonl")),
        offers=tuple(load_offers(folder / "offers.jsonl")),
        qrels=load_qrels(folder / "qrels.tsv"),
    )


def write_run(path: Path, run: Run, *, top_k: int | None = None) -> None:
    """Write `need_id<TAB>item_id<TAB>score` lines, best first per need, optionally top-k."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        for need_id in sorted(run):
            ranked = rank_items(run[need_id])
            if top_k is not None:
                ranked = ranked[:top_k]
            for item_id in ranked:
                fh.write(f"{need_id}\t{item_id}\t{run[need_id][item_id]:.6f}\n")


def read_run(path: Path) -> dict[str, dict[str, float]]:
    """Read a run file written by `write_run`."""
    run: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                run.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    return run


# --------------------------------------------------------------------------------------------
# Per-need ranking metrics


def rank_items(scores: Mapping[str, float]) -> list[str]:
    """Item ids best first; equal scores are ordered by item id for determinism."""
    return sorted(scores, key=lambda item: (-scores[item], item))


def recall_at_k(ranking: list[str], rels: Mapping[str, float], k: int) -> float:
    """Share of the relevant items (relevance > 0) found in the first k; 0 if none relevant."""
    relevant = {item for item, rel in rels.items() if rel > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain with the usual log2(rank + 1) discount (rank from 1)."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(
    ranking: list[str],
    rels: Mapping[str, float],
    k: int,
    *,
    gain: Literal["linear", "exponential"] = "linear",
) -> float:
    """nDCG@k (Järvelin & Kekäläinen 2002). Binary labels are the graded case with rel in {0,1}.

    `linear` gain is the relevance itself (trec_eval / pytrec_eval `ndcg_cut`, used by BEIR);
    `exponential` is 2**rel - 1 (Burges et al. 2005), which rewards the top grade more. Both
    coincide for binary labels. Unjudged items have gain 0; 0.0 when nothing is relevant.
    """

    def g(rel: float) -> float:
        if rel <= 0:
            return 0.0
        return rel if gain == "linear" else 2.0**rel - 1.0

    ideal = dcg(sorted((g(r) for r in rels.values() if r > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(g(rels.get(item, 0.0)) for item in ranking[:k]) / ideal


def reciprocal_rank(ranking: list[str], rels: Mapping[str, float], k: int | None = None) -> float:
    """1 / rank of the first relevant item (within the first k if given), else 0."""
    limit = ranking if k is None else ranking[:k]
    for i, item in enumerate(limit):
        if rels.get(item, 0.0) > 0:
            return 1.0 / (i + 1)
    return 0.0


@dataclass(frozen=True, slots=True)
class RetrievalScores:
    """Metrics averaged over the needs that have at least one relevant item."""

    recall_at_10: float
    ndcg_at_10: float
    mrr: float
    n_needs: int

    def as_dict(self) -> dict[str, float]:
        return {
            "recall@10": self.recall_at_10,
            "nDCG@10": self.ndcg_at_10,
            "MRR": self.mrr,
            "needs": float(self.n_needs),
        }


def evaluate_retrieval(run: Run, qrels: Qrels, k: int = 10) -> RetrievalScores:
    """Mean recall@k, nDCG@k and MRR over labelled needs (a need missing from the run scores 0)."""
    needs = [n for n, rels in qrels.items() if any(r > 0 for r in rels.values())]
    if not needs:
        raise ValueError("qrels contain no relevant item")
    rec = ndcg = mrr = 0.0
    for need_id in needs:
        ranking = rank_items(run.get(need_id, {}))
        rels = qrels[need_id]
        rec += recall_at_k(ranking, rels, k)
        ndcg += ndcg_at_k(ranking, rels, k)
        mrr += reciprocal_rank(ranking, rels)
    n = len(needs)
    return RetrievalScores(recall_at_10=rec / n, ndcg_at_10=ndcg / n, mrr=mrr / n, n_needs=n)


# --------------------------------------------------------------------------------------------
# Supplier ranking: pairwise-order loss of Stelmakh, Wieting, Neubig & Shah (2023)


def invert_qrels(qrels: Qrels) -> dict[str, dict[str, float]]:
    """``{need: {supplier: rel}}`` -> ``{supplier: {need: rel}}``."""
    out: dict[str, dict[str, float]] = {}
    for need_id, rels in qrels.items():
        for supplier, rel in rels.items():
            out.setdefault(supplier, {})[need_id] = rel
    return out


def _supplier_pair_loss(
    predicted: Mapping[str, float], rated: Mapping[str, float]
) -> tuple[float, float]:
    """(weighted mistakes, total weight) over all pairs of `rated` needs of one supplier."""
    loss = total = 0.0
    for a, b in combinations(sorted(rated), 2):
        true_diff = rated[a] - rated[b]
        if true_diff == 0:
            continue  # equally rated needs carry no order information (weight 0)
        weight = abs(true_diff)
        pred_diff = predicted[a] - predicted[b]
        total += weight
        if pred_diff == 0:
            loss += weight / 2
        elif (pred_diff > 0) != (true_diff > 0):
            loss += weight
    return loss, total


def pairwise_loss(
    run: Run,
    qrels: Qrels,
    *,
    average: Literal["supplier", "pooled"] = "supplier",
) -> float:
    """Weighted pairwise-order loss for graded supplier labels (lower is better, 0 = perfect).

    Reading of Stelmakh et al. 2023, "A Gold Standard Dataset for the Reviewer Assignment
    Problem" (sec. 5, and `compute_main_metric` in their released scripts/scoring.py): for a
    supplier s (their "reviewer") with rated needs (their "papers") p, p' and expertise labels
    e, each pair with e(p) != e(p') is weighted w = |e(p) - e(p')|; it costs w when the
    predicted scores order the pair the other way round, w/2 when the predicted scores tie, and
    0 otherwise. Pairs with equal labels have weight 0. Only *rated* pairs count, so the run
    must score every (need, supplier) pair in `qrels`; a missing one raises KeyError.

    Two ways of averaging:

    * ``"supplier"`` (default, the project's definition in shared/data/README.md): each
      supplier's loss is its weighted share of mistakes, sum(cost) / sum(w); suppliers with no
      informative pair are skipped; the result is the plain mean over suppliers, so a prolific
      rater does not dominate.
    * ``"pooled"``: the authors' released code divides the sum of costs over all suppliers by
      the sum of all weights (a micro average). Kept for comparing with published numbers.

    Note the comparison is *across needs for a fixed supplier*: a matcher whose scores are not
    comparable between needs (e.g. long needs systematically score higher) is penalised even if
    each need's supplier list is well ordered.
    """
    by_supplier = invert_qrels(qrels)
    pred_by_supplier = invert_qrels(run)
    per_supplier: list[float] = []
    pooled_loss = pooled_total = 0.0
    for supplier in sorted(by_supplier):
        rated = by_supplier[supplier]
        if len(rated) < 2:
            continue
        predicted = pred_by_supplier.get(supplier, {})
        missing = [n for n in rated if n not in predicted]
        if missing:
            raise KeyError(f"run has no score for supplier {supplier} and need {missing[0]}")
        loss, total = _supplier_pair_loss(predicted, rated)
        if total == 0:
            continue
        per_supplier.append(loss / total)
        pooled_loss += loss
        pooled_total += total
    if not per_supplier:
        raise ValueError("qrels contain no supplier with two differently rated needs")
    if average == "pooled":
        return pooled_loss / pooled_total
    return sum(per_supplier) / len(per_supplier)
