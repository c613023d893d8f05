"""Commercialisation potential: each component, and the score as their weighted sum."""

from __future__ import annotations

import math

import pytest

from domain.matching import SimilaritySpread
from domain.potential import (
    WEIGHTS,
    combine,
    interest_component,
    ip_component,
    market_pull_component,
    trl_component,
)


def test_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_trl_and_ip_components() -> None:
    assert trl_component(1).value == 0.0
    assert trl_component(9).value == 1.0
    assert trl_component(5).value == pytest.approx(0.5)
    assert trl_component(None).value == 0.0
    assert trl_component(None).detail == "TRL not stated"
    assert ip_component("granted").value == 1.0
    assert ip_component("application_filed").value == 0.6
    assert ip_component("none").value == 0.0


# A need's cosines to 1000 comparable public listings: typical 0.80, spread 0.02 (e5's band).
TYPICAL = SimilaritySpread(count=1000, mean=0.80, std=0.02)


def test_market_pull_counts_needs_on_which_the_listing_stands_out() -> None:
    assert market_pull_component([]).value == 0.0
    # e5 scores unrelated text 0.8: no longer a strong match, only typical
    assert market_pull_component([(0.80, TYPICAL), (0.82, TYPICAL)], "vi").value == 0.0
    one = market_pull_component([(0.95, TYPICAL)], "vi")
    assert one.value == pytest.approx(0.2)  # far above the others: one full match of five
    assert one.detail == (
        "1 open need match (best similarity 0.95, 7.5 spreads above comparable listings in"
        " Vietnamese)"
    )
    five = market_pull_component([(s, TYPICAL) for s in (0.95, 0.93, 0.94, 0.96, 0.99, 0.5)])
    assert five.value == pytest.approx(1.0)
    # four spreads above the others: half strength
    half = market_pull_component([(0.8 + 4 * 0.02, TYPICAL)] * 5, "other")
    assert half.value == pytest.approx(0.5, abs=0.01)
    assert half.detail.endswith("comparable listings in other languages than Vietnamese)")


def test_each_need_is_measured_against_its_own_reference() -> None:
    """An English listing scores a Vietnamese need lower than a Vietnamese listing would, and
    so do the other English listings: standing among them is what counts."""
    vi = market_pull_component([(0.90, SimilaritySpread(60, 0.80, 0.025))], "vi")
    en = market_pull_component([(0.85, SimilaritySpread(60, 0.75, 0.025))], "other")
    assert en.value == pytest.approx(vi.value)
    assert 0 < vi.value < 1


def test_market_pull_needs_enough_listings_to_compare_with() -> None:
    few = market_pull_component([(0.95, SimilaritySpread(19, 0.80, 0.05))])
    assert few.value == 0.0
    assert few.detail == "0 open needs match (too few public listings to compare with: 19)"
    enough = market_pull_component([(0.95, SimilaritySpread(20, 0.80, 0.02))])
    assert enough.value == pytest.approx(0.2)
    assert enough.detail.endswith("comparable listings in any language)")


def test_interest_saturates() -> None:
    assert interest_component(0).value == 0.0
    assert interest_component(3).value == pytest.approx(1 - math.exp(-1))
    assert interest_component(1).detail == "1 expression of interest"
    assert interest_component(30).value < 1.0


def test_score_is_the_weighted_sum_in_points() -> None:
    components = [
        trl_component(9),
        ip_component("granted"),
        market_pull_component([(0.99, TYPICAL)] * 5),
        interest_component(0),
    ]
    potential = combine(components)
    assert potential.score == pytest.approx(80.0)
    assert [c.contribution for c in potential.components] == pytest.approx([30, 20, 30, 0])
