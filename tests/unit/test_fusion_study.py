"""Candidate dumps survive a round trip, and the fusion study scores every need with a rule
chosen without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matching.candidates import need_candidates, read_candidates, write_candidates
from matching.fusion_study import GRID, cross_validated, need_ndcg


def test_candidate_dumps_keep_missing_components_missing(tmp_path: Path) -> None:
    dump = need_candidates("n1", 0.25, [("a", 0.9, None), ("b", None, 3.5), ("c", 0.1, 0.2)])
    path = tmp_path / "vi.jsonl"
    write_candidates(path, [dump])
    [back] = read_candidates(path)
    assert back.need == "n1"
    assert back.coverage == 0.25
    assert back.items == ("a", "b", "c")
    assert np.isnan(back.lexical[0])
    assert np.isnan(back.similarity[1])
    assert back.lexical[1] == 3.5


def test_coverage_decides_how_much_the_words_count() -> None:
    # the embedding finds the answer, the words point elsewhere: words must count for little
    # when the need's words are not the listings' (coverage 0), a lot when they are (1)
    across = need_candidates("x", 0.0, [("right", 0.9, 0.1), ("wrong", 0.5, 9.0)])
    same = need_candidates("v", 1.0, [("right", 0.5, 9.0), ("wrong", 0.9, 0.1)])
    qrels = {"x": {"right": 1.0}, "v": {"right": 1.0}}
    assert need_ndcg([across, same], qrels, 0.7, 1.0).tolist() == [1.0, 1.0]
    # a fixed fusion (coverage ignored: p 0) fails one of the two
    assert need_ndcg([across, same], qrels, 0.7, 0.0).min() < 1.0


def test_each_need_is_scored_by_a_rule_chosen_on_the_other_folds() -> None:
    # rule 0 is best on every need but the first; the held-out first need keeps rule 0's score
    table = np.zeros((len(GRID), 10))
    table[0, :] = 1.0
    table[0, 0] = 0.5
    scored, picks = cross_validated({"vi": table}, folds=5, seed=1)
    assert picks == [0] * 5
    assert scored["vi"].tolist() == table[0].tolist()
