"""Ranking metrics on hand-made runs whose values are worked out by hand in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from matching.metrics import (
    evaluate_retrieval,
    load_eval_set,
    ndcg_at_k,
    pairwise_loss,
    rank_items,
    read_run,
    recall_at_k,
    reciprocal_rank,
    write_run,
)


def test_rank_items_orders_by_score_then_id() -> None:
    assert rank_items({"b": 1.0, "a": 1.0, "c": 2.0}) == ["c", "a", "b"]


def test_recall_at_k_counts_relevant_items_in_the_cut() -> None:
    ranking = ["d1", "d2", "d3", "d4"]
    rels = {"d2": 1.0, "d4": 1.0, "d9": 1.0, "d3": 0.0}
    assert recall_at_k(ranking, rels, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranking, rels, 4) == pytest.approx(2 / 3)
    assert recall_at_k(ranking, {"d1": 0.0}, 4) == 0.0


def test_binary_ndcg_matches_hand_computation() -> None:
    # relevant at ranks 2 and 3 of 2 relevant: DCG = 1/log2(3) + 1/log2(4) = 0.63093 + 0.5
    # IDCG = 1 + 1/log2(3) = 1.63093
    ranking = ["x", "r1", "r2"]
    rels = {"r1": 1.0, "r2": 1.0}
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(ranking, rels, 10) == pytest.approx(expected)
    assert ndcg_at_k(ranking, rels, 10) == pytest.approx(0.693426, abs=1e-6)
    # cut at 2 keeps only r1 at rank 2: 0.63093 / 1.63093
    assert ndcg_at_k(ranking, rels, 2) == pytest.approx(0.386853, abs=1e-6)


def test_graded_ndcg_linear_and_exponential_gain() -> None:
    ranking = ["b", "a"]
    rels = {"a": 3.0, "b": 1.0}
    # linear: DCG = 1 + 3/log2(3) = 2.892789; IDCG = 3 + 1/log2(3) = 3.630930
    assert ndcg_at_k(ranking, rels, 10) == pytest.approx(2.892789 / 3.630930, abs=1e-6)
    # exponential: DCG = 1 + 7/log2(3) = 5.416508; IDCG = 7 + 1/log2(3) = 7.630930
    assert ndcg_at_k(ranking, rels, 10, gain="exponential") == pytest.approx(
        5.416508 / 7.630930, abs=1e-6
    )
    assert ndcg_at_k(["a", "b"], rels, 10) == pytest.approx(1.0)


def test_reciprocal_rank_with_and_without_cut() -> None:
    ranking = ["a", "b", "c"]
    assert reciprocal_rank(ranking, {"c": 1.0}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, {"c": 1.0}, k=2) == 0.0
    assert reciprocal_rank(ranking, {"z": 1.0}) == 0.0


def test_evaluate_retrieval_averages_over_labelled_needs() -> None:
    run = {"q1": {"a": 0.9, "b": 0.5}, "q2": {"c": 0.1, "d": 0.8}}
    qrels = {"q1": {"a": 1.0}, "q2": {"c": 1.0}, "q3": {"x": 0.0}}
    scores = evaluate_retrieval(run, qrels)
    # q1: perfect; q2: relevant at rank 2 -> nDCG 1/log2(3), RR 1/2; q3 has nothing relevant
    assert scores.n_needs == 2
    assert scores.recall_at_10 == pytest.approx(1.0)
    assert scores.mrr == pytest.approx(0.75)
    assert scores.ndcg_at_10 == pytest.approx((1 + 1 / math.log2(3)) / 2)


def test_pairwise_loss_weights_mistakes_and_halves_ties() -> None:
    # supplier s1 rated n1=5, n2=3, n3=1. Pairs and weights: (n1,n2) 2, (n1,n3) 4, (n2,n3) 2.
    # predicted n2=0.7 > n1=0.5 == n3=0.5: (n1,n2) wrong, cost 2; (n1,n3) tie, cost 4/2;
    # (n2,n3) right. s1 loss = 4 / 8. Supplier s2 rated m1=4, m2=2, ordered right: 0 / 2.
    # The score of s2 for n1 is not a rated pair and must be ignored.
    qrels = {
        "n1": {"s1": 5.0},
        "n2": {"s1": 3.0},
        "n3": {"s1": 1.0},
        "m1": {"s2": 4.0},
        "m2": {"s2": 2.0},
    }
    run = {
        "n1": {"s1": 0.5, "s2": 0.0},
        "n2": {"s1": 0.7},
        "n3": {"s1": 0.5},
        "m1": {"s2": 0.9},
        "m2": {"s2": 0.1},
    }
    assert pairwise_loss(run, qrels) == pytest.approx((4 / 8 + 0 / 2) / 2)
    assert pairwise_loss(run, qrels, average="pooled") == pytest.approx((4 + 0) / (8 + 2))


def test_pairwise_loss_ignores_equal_labels_and_single_ratings() -> None:
    qrels = {"n1": {"s1": 4.0, "s2": 5.0}, "n2": {"s1": 4.0}, "n3": {"s1": 2.0}}
    run = {"n1": {"s1": 0.1, "s2": 0.9}, "n2": {"s1": 0.9}, "n3": {"s1": 0.5}}
    # s1: (n1,n2) equal labels -> weight 0; (n1,n3) w2 wrong; (n2,n3) w2 right. s2: one rating.
    assert pairwise_loss(run, qrels) == pytest.approx(0.5)


def test_pairwise_loss_requires_every_rated_pair() -> None:
    qrels = {"n1": {"s1": 4.0}, "n2": {"s1": 2.0}}
    with pytest.raises(KeyError, match="n2"):
        pairwise_loss({"n1": {"s1": 1.0}}, qrels)


def test_load_eval_set_and_run_roundtrip(tmp_path: Path) -> None:
    (tmp_path / "needs.jsonl").write_text(
        '{"id": "q1", "title": "Lúa chịu mặn", "text": "Giống lúa", "agency": null}\n\n',
        encoding="utf-8",
    )
    (tmp_path / "offers.jsonl").write_text(
        '{"id": "o1", "supplier": "", "title": "T", "text": "X"}\n'
        '{"id": "o2", "supplier": "s9", "title": "U", "text": "Y"}\n',
        encoding="utf-8",
    )
    (tmp_path / "qrels.tsv").write_text(
        "need_id\toffer_id\trelevance\nq1\to2\t4.5\n", encoding="utf-8"
    )
    data = load_eval_set(tmp_path)
    assert [n.title for n in data.needs] == ["Lúa chịu mặn"]
    assert [(o.id, o.supplier) for o in data.offers] == [("o1", ""), ("o2", "s9")]
    assert data.qrels == {"q1": {"o2": 4.5}}

    path = tmp_path / "runs" / "r.tsv"
    write_run(path, {"q1": {"o1": 0.25, "o2": 0.75}}, top_k=1)
    assert path.read_text(encoding="utf-8") == "q1\to2\t0.750000\n"
    assert read_run(path) == {"q1": {"o2": 0.75}}


def test_paired_bootstrap_of_a_difference_over_needs() -> None:
    import numpy as np

    from matching.compare import bootstrap_difference, per_need

    qrels = {"n1": {"a": 1.0}, "n2": {"b": 1.0}, "n3": {"c": 0.0}}
    run = {"n1": {"a": 2.0, "b": 1.0}, "n2": {"a": 2.0, "b": 1.0}}
    scores = per_need(run, qrels)
    assert scores["mrr"].tolist() == [1.0, 0.5]  # n3 has no relevant item: not counted
    a, b = np.zeros(50), np.ones(50)
    assert bootstrap_difference(a, b) == (1.0, 1.0, 1.0)
    mean, low, high = bootstrap_difference(a, np.r_[np.ones(25), -np.ones(25)])
    assert mean == 0.0
    assert low < 0.0 < high
