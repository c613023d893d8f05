"""Commercialisation potential: each component, and the score as their weighted sum."""

from __future__ import annotations

import math

import pytest

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


def test_market_pull_rewards_many_strong_matches() -> None:
    assert market_pull_component([]).value == 0.0
    assert market_pull_component([0.2, 0.25]).value == 0.0  # below the floor: no match
    one = market_pull_component([0.9])
    assert one.value == pytest.approx(0.2)
    assert one.detail == "1 open need match (best similarity 0.90)"
    five = market_pull_component([0.8, 0.75, 0.9, 0.71, 0.95, 0.1])
    assert five.value == pytest.approx(1.0)
    half = market_pull_component([0.5] * 5)
    assert half.value == pytest.approx(0.5)


def test_interest_saturates() -> None:
    assert interest_component(0).value == 0.0
    assert interest_component(3).value == pytest.approx(1 - math.exp(-1))
    assert interest_component(1).detail == "1 expression of interest"
    assert interest_component(30).value < 1.0


def test_score_is_the_weighted_sum_in_points() -> None:
    components = [
        trl_component(9),
        ip_component("granted"),
        market_pull_component([0.9] * 5),
        interest_component(0),
    ]
    potential = combine(components)
    assert potential.score == pytest.approx(80.0)
    assert [c.contribution for c in potential.components] == pytest.approx([30, 20, 30, 0])
