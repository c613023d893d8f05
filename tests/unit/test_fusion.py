"""Fusion formula and portfolio pooling on small arrays with hand-computed results."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching.evaluation import Fusion, fuse, rank_offers, restrict_to_top
from matching.fusion import (
    HybridWeights,
    fit_score,
    hybrid_scores,
    normalise,
    normalise_rows,
    pool_portfolio,
    pool_suppliers,
    rrf,
    standardise_global,
)
from matching.metrics import EvalNeed, EvalOffer
from matching.scorers import BM25Scorer


def test_zscore_and_minmax_keep_missing_candidates_missing() -> None:
    # mean 2, population std sqrt(2/3)
    z = normalise([1.0, 2.0, 3.0, np.nan])
    s = math.sqrt(2 / 3)
    assert z[:3] == pytest.approx([-1 / s, 0.0, 1 / s])
    assert np.isnan(z[3])
    assert normalise([1.0, 3.0, 2.0], "minmax") == pytest.approx([0.0, 1.0, 0.5])
    assert normalise([5.0, 5.0], "zscore") == pytest.approx([0.0, 0.0])
    assert normalise([5.0, 5.0], "minmax") == pytest.approx([0.0, 0.0])
    assert normalise([2.0, 7.0], "none") == pytest.approx([2.0, 7.0])
    assert normalise_rows([[1.0, 3.0], [0.0, 0.0]], "minmax").tolist() == [[0.0, 1.0], [0.0, 0.0]]


def test_hybrid_is_a_weighted_sum_of_zscores() -> None:
    semantic = [0.9, 0.5, 0.1]  # z = [1.2247, 0, -1.2247]
    lexical = [0.0, 10.0, 20.0]  # z = [-1.2247, 0, 1.2247]
    k = math.sqrt(1.5)
    even = hybrid_scores(semantic, lexical)
    assert even == pytest.approx([0.0, 0.0, 0.0])
    leaning = hybrid_scores(semantic, lexical, weights=HybridWeights(semantic=0.75))
    assert leaning == pytest.approx([0.5 * k, 0.0, -0.5 * k])
    assert hybrid_scores(semantic) == pytest.approx([k, 0.0, -k])


def test_candidate_missing_from_lexical_gets_the_lowest_lexical_score() -> None:
    # lexical z over the retrieved two: [-1, 1]; the missing one is filled with -1
    scores = hybrid_scores([0.2, 0.2, 0.2], [1.0, 3.0, np.nan])
    assert scores == pytest.approx([-0.5, 0.5, -0.5])


def test_fit_penalty_demotes_but_does_not_filter() -> None:
    scores = hybrid_scores([0.9, 0.1], fit=[0.0, 1.0], weights=HybridWeights(fit_penalty=0.5))
    assert scores == pytest.approx([1.0 - 0.5, -1.0])
    assert fit_score([1.0, 0.0, None]) == pytest.approx(0.5)
    assert fit_score([None]) == 1.0
    assert fit_score([2.0]) == 1.0


def test_hybrid_weights_are_validated() -> None:
    with pytest.raises(ValueError, match="semantic weight"):
        HybridWeights(semantic=1.5)
    with pytest.raises(ValueError, match="fit_penalty"):
        HybridWeights(fit_penalty=-1.0)
    with pytest.raises(ValueError, match="aligned"):
        hybrid_scores([1.0, 2.0], [1.0, 2.0, 3.0])


def test_rrf_sums_reciprocal_ranks_and_skips_missing() -> None:
    a = [0.9, 0.5, 0.1]  # ranks 1, 2, 3
    b = [np.nan, 3.0, 3.0]  # missing, 1, 1 (tie shares the best rank)
    fused = rrf([a, b], k=10)
    assert fused == pytest.approx([1 / 11, 1 / 12 + 1 / 11, 1 / 13 + 1 / 11])


def test_portfolio_pooling_methods() -> None:
    s = [0.2, 0.8, 0.5]
    assert pool_portfolio(s, "max") == pytest.approx(0.8)
    assert pool_portfolio(s, "mean") == pytest.approx(0.5)
    assert pool_portfolio(s, "topk", top_k=2) == pytest.approx(0.65)
    assert pool_portfolio(s, "topk", top_k=5) == pytest.approx(0.5)
    expected = 0.5 * math.log((math.exp(0.4) + math.exp(1.6) + math.exp(1.0)) / 3)
    assert pool_portfolio(s, "lse", temperature=0.5) == pytest.approx(expected)


def test_lse_moves_from_max_to_mean_with_temperature() -> None:
    s = [0.2, 0.8, 0.5]
    cold = pool_portfolio(s, "lse", temperature=1e-4)
    hot = pool_portfolio(s, "lse", temperature=1e4)
    assert cold == pytest.approx(0.8 + 1e-4 * math.log(1 / 3), abs=1e-9)
    assert hot == pytest.approx(0.5, abs=1e-4)
    assert 0.5 < pool_portfolio(s, "lse", temperature=0.1) < 0.8


def test_pool_portfolio_rejects_empty_and_bad_parameters() -> None:
    with pytest.raises(ValueError, match="no scored listing"):
        pool_portfolio([np.nan], "max")
    with pytest.raises(ValueError, match="temperature"):
        pool_portfolio([1.0], "lse", temperature=0.0)
    with pytest.raises(ValueError, match="top_k"):
        pool_portfolio([1.0], "topk", top_k=0)


def test_pool_suppliers_groups_listings_and_skips_unowned() -> None:
    scores = [0.1, 0.9, 0.4, 0.7, np.nan]
    suppliers = ["s1", "s2", "s1", "", "s3"]
    assert pool_suppliers(scores, suppliers, "max") == {"s1": 0.4, "s2": 0.9}
    assert pool_suppliers(scores, suppliers, "mean") == pytest.approx({"s1": 0.25, "s2": 0.9})
    with pytest.raises(ValueError, match="one supplier per listing"):
        pool_suppliers([0.1], ["a", "b"], "max")


def test_standardise_global_uses_one_mean_and_std_for_all_needs() -> None:
    m = np.array([[1.0, 3.0], [np.nan, 5.0]])  # NaN counts as the minimum, 1
    # cells 1, 3, 1, 5: mean 2.5, population std sqrt(2.75)
    sd = math.sqrt(2.75)
    assert standardise_global(m).ravel() == pytest.approx(
        [-1.5 / sd, 0.5 / sd, -1.5 / sd, 2.5 / sd]
    )


def test_restrict_to_top_and_fuse_keep_the_candidate_union() -> None:
    dense = np.array([[0.9, 0.8, 0.1, 0.0]])
    lexical = np.array([[np.nan, 1.0, 5.0, 2.0]])
    assert np.isnan(restrict_to_top(dense, 2)).tolist() == [[False, False, True, True]]
    fused = fuse([dense, lexical], Fusion(depth=1))
    # candidates: offer 0 (dense top-1) and offer 2 (lexical top-1); offer 2's dense score is
    # looked up. Over the union: dense z = [1, -1]; lexical z: only offer 2 -> flat 0, offer 0
    # filled with the floor 0. Fused = 0.5 * z_dense + 0.5 * z_lex.
    assert np.isnan(fused).tolist() == [[False, True, False, True]]
    assert fused[0, [0, 2]] == pytest.approx([0.5, -0.5])
    rrf_fused = fuse([dense, lexical], Fusion(kind="rrf", rrf_k=1))
    # dense ranks 1,2,3,4 -> 1/2, 1/3, 1/4, 1/5; lexical ranks -,3,1,2 -> 0, 1/4, 1/2, 1/3
    assert rrf_fused[0] == pytest.approx([1 / 2, 1 / 3 + 1 / 4, 1 / 4 + 1 / 2, 1 / 5 + 1 / 3])


def test_bm25_matches_hand_computation() -> None:
    offers = [
        EvalOffer(id="o1", supplier="s", title="Alpha", text="beta beta"),
        EvalOffer(id="o2", supplier="s", title="Gamma", text="beta"),
        EvalOffer(id="o3", supplier="t", title="Delta", text="epsilon"),
    ]
    needs = [EvalNeed(id="n", title="alpha beta", text="alpha beta")]
    scores = BM25Scorer(k1=1.2, b=0.75).score(needs, offers)
    # N = 3, lengths 3, 2, 2, avgdl 7/3; idf(alpha) = ln(1 + 2.5/1.5), idf(beta) = ln(1 + 1.5/2.5)
    idf_a, idf_b = math.log(1 + 2.5 / 1.5), math.log(1 + 1.5 / 2.5)

    def norm(length: float) -> float:
        return 1.2 * (0.25 + 0.75 * length / (7 / 3))

    o1 = idf_a * 2.2 / (1 + norm(3)) + idf_b * 2 * 2.2 / (2 + norm(3))
    o2 = idf_b * 2.2 / (1 + norm(2))
    assert scores[0, :2] == pytest.approx([o1, o2])
    assert np.isnan(scores[0, 2])  # no shared term: not retrieved


class _FixedScorer:
    """A stand-in for a production component (e.g. pgvector kNN): fixed scores, NaN = missed."""

    def __init__(self, name: str, rows: list[list[float]]) -> None:
        self._name = name
        self._rows = np.array(rows)

    @property
    def name(self) -> str:
        return self._name

    def score(self, needs: object, offers: object) -> np.ndarray:
        return self._rows


def test_rank_offers_plugs_in_any_candidate_scorer() -> None:
    needs = [EvalNeed(id="n", title="t", text="t")]
    offers = [EvalOffer(id=f"o{i}", supplier="", title="", text="") for i in range(3)]
    semantic = _FixedScorer("knn", [[0.9, 0.5, np.nan]])
    lexical = _FixedScorer("fts", [[np.nan, 2.0, 4.0]])
    run = rank_offers(needs, offers, [semantic, lexical])
    # union o0, o1, o2; dense z over retrieved [1, -1], o2 filled -1; lexical z [-1, 1], o0
    # filled -1 -> fused 0.5 * ([1, -1, -1] + [-1, -1, 1]) = [0, -1, 0]
    assert run == {"n": pytest.approx({"o0": 0.0, "o1": -1.0, "o2": 0.0})}


def test_lexical_coverage_is_the_share_of_idf_the_listings_can_match() -> None:
    from domain.matching import LexicalTerm, lexical_coverage
    from matching.recommend import covered_weights

    vi = [LexicalTerm("lu", 3, 2.0), LexicalTerm("cam", 5, 1.5)]
    en_on_vi = [
        LexicalTerm("flood", 0, 7.0),
        LexicalTerm("sensor", 0, 7.0),
        LexicalTerm("nfl", 2, 3.0),
    ]
    assert lexical_coverage(vi) == 1.0
    assert lexical_coverage(en_on_vi) == pytest.approx(3.0 / 17.0)
    assert lexical_coverage([]) == 1.0
    base = HybridWeights()
    assert covered_weights(base, 1.0).semantic == pytest.approx(base.semantic)
    assert covered_weights(base, 0.0).semantic == 1.0
    # half the query's words found: they weigh a sixteenth of a fully covered query's
    assert covered_weights(base, 0.5).semantic == pytest.approx(1 - (1 - base.semantic) / 16)


def test_a_phrase_counts_what_it_says_beyond_its_rarer_word() -> None:
    from domain.matching import LexicalTerm, phrase_information

    words = {
        t.term: t
        for t in (
            LexicalTerm("mat", 900, 0.8),
            LexicalTerm("troi", 400, 1.6),
            LexicalTerm("zinc", 12, 6.0),
            LexicalTerm("deficiency", 40, 4.8),
        )
    }
    # two common syllables that make one rare word: the phrase says much more than either
    sun = phrase_information(LexicalTerm("mat troi", 30, 4.2), words)
    assert sun.idf == pytest.approx(4.2 - 1.6)
    # two rare English words: nearly every document with "zinc" has the pair, nothing new
    zinc = phrase_information(LexicalTerm("zinc deficiency", 11, 6.1), words)
    assert zinc.idf == pytest.approx(0.1)
    assert phrase_information(LexicalTerm("zinc oxide", 13, 5.9), words).idf == 0.0
    assert zinc.term == "zinc deficiency"
    assert zinc.document_frequency == 11
