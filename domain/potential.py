"""Commercialisation potential of an initiative or a technology offer: a 0-100 score that says
why, as four components each in [0, 1] with a fixed weight.

=============  ======  =====================================================================
component      weight  value
=============  ======  =====================================================================
trl            0.30    (TRL - 1) / 8: a lab idea (TRL 1) is 0, a proven system (TRL 9) is 1
ip_status      0.20    granted patent 1.0, application filed 0.6, trade secret 0.5, none 0
market_pull    0.30    how many open needs match and how strongly: the mean, over the five
                       best-matching open needs, of each need's strength (z - 2) / (6 - 2)
                       clipped to [0, 1], where z = how many spreads the listing's cosine to
                       the need lies above the need's cosine to comparable public listings
                       (offers and initiatives of the listing's language, the listing left
                       out); one outstanding need gives 0.2, five 1
interest       0.20    1 - exp(-n / 3) for n expressions of interest not declined: the first
                       connections count most (3 -> 0.63, 6 -> 0.86)
=============  ======  =====================================================================

score = 100 * sum(weight * value). Unknown TRL counts 0 (a listing that does not say how
mature it is cannot claim to be). The weights favour what the owner states and the market
says equally (TRL + IP = 0.5, pull + interest = 0.5).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from domain.language import VIETNAMESE
from domain.listings import IpStatus
from domain.matching import SimilaritySpread

WEIGHTS: Final[dict[str, float]] = {
    "trl": 0.30,
    "ip_status": 0.20,
    "market_pull": 0.30,
    "interest": 0.20,
}
IP_VALUES: Final[dict[str, float]] = {
    IpStatus.GRANTED.value: 1.0,
    IpStatus.APPLICATION_FILED.value: 0.6,
    IpStatus.TRADE_SECRET.value: 0.5,
    IpStatus.NONE.value: 0.0,
}
PULL_NEEDS: Final = 5
# Standing in spreads above comparable listings on the same need, not raw cosine: a model's
# cosines sit in a band of its own (e5: 0.75-0.9 for anything) and shift with the language
# pair, a shift every listing of the listing's language shares on that need.
PULL_FLOOR: Final = 2.0  # a need this far above the comparable listings starts to count
PULL_FULL: Final = 6.0  # fully from here: a same-language match (notes/vietnamese-matching.md)
PULL_SAMPLE: Final = 1000  # public listings of each kind the comparable similarity is measured on
# Fewer same-language listings: compare with listings of any language. At 20 the spread's own
# sampling error is ~16 % (1 / sqrt(2n)); at 5 it would be ~32 %.
PULL_MIN_PEERS: Final = 20
INTEREST_SCALE: Final = 3.0


@dataclass(frozen=True, slots=True)
class PotentialComponent:
    name: str
    value: float  # in [0, 1]
    weight: float
    detail: str

    @property
    def contribution(self) -> float:
        """Points (out of 100) this component adds to the score."""
        return 100.0 * self.weight * self.value


@dataclass(frozen=True, slots=True)
class Potential:
    score: float
    components: tuple[PotentialComponent, ...]


def trl_component(trl: int | None) -> PotentialComponent:
    if trl is None:
        return PotentialComponent("trl", 0.0, WEIGHTS["trl"], "TRL not stated")
    return PotentialComponent("trl", (trl - 1) / 8, WEIGHTS["trl"], f"TRL {trl} of 9")


def ip_component(ip_status: str) -> PotentialComponent:
    value = IP_VALUES.get(ip_status, 0.0)
    return PotentialComponent("ip_status", value, WEIGHTS["ip_status"], f"IP {ip_status}")


def standing(similarity: float, reference: SimilaritySpread) -> float | None:
    """How many spreads a listing's `similarity` to a need lies above the need's similarity to
    comparable listings (`reference`, the listing itself not among them); None without
    `PULL_MIN_PEERS` of them or without any spread."""
    if reference.count < PULL_MIN_PEERS or reference.std <= 1e-9:
        return None
    return (similarity - reference.mean) / reference.std


def _peers(language: str | None) -> str:
    if language is None:
        return "comparable listings in any language"
    return "comparable listings in " + (
        "Vietnamese" if language == VIETNAMESE else "other languages than Vietnamese"
    )


def market_pull_component(
    matches: Sequence[tuple[float, SimilaritySpread]], language: str | None = None
) -> PotentialComponent:
    """`matches`: (cosine of the listing to an open need, that need's cosine to comparable
    listings), any order and number; `language`: of the comparable listings (None: any)."""
    best = sorted(matches, key=lambda m: -m[0])[:PULL_NEEDS]
    z = [standing(similarity, reference) for similarity, reference in best]
    strengths = [
        0.0 if v is None else min(max((v - PULL_FLOOR) / (PULL_FULL - PULL_FLOOR), 0.0), 1.0)
        for v in z
    ]
    value = sum(strengths) / PULL_NEEDS
    matching = sum(1 for s in strengths if s > 0)
    detail = f"{matching} open need{'s' if matching != 1 else ''} match"
    if z and z[0] is not None:
        above = f"{z[0]:.1f} spreads above {_peers(language)}"
        detail += f" (best similarity {best[0][0]:.2f}, {above})"
    elif best:
        detail += f" (too few public listings to compare with: {best[0][1].count})"
    return PotentialComponent("market_pull", value, WEIGHTS["market_pull"], detail)


def interest_component(connections: int) -> PotentialComponent:
    value = 1.0 - math.exp(-connections / INTEREST_SCALE)
    return PotentialComponent(
        "interest",
        value,
        WEIGHTS["interest"],
        f"{connections} expression{'s' if connections != 1 else ''} of interest",
    )


def combine(components: Sequence[PotentialComponent]) -> Potential:
    return Potential(
        score=round(sum(c.contribution for c in components), 1), components=tuple(components)
    )
