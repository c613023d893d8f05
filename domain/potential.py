"""Commercialisation potential of an initiative or a technology offer: a 0-100 score that says
why, as four components each in [0, 1] with a fixed weight.

=============  ======  =====================================================================
component      weight  value
=============  ======  =====================================================================
trl            0.30    (TRL - 1) / 8: a lab idea (TRL 1) is 0, a proven system (TRL 9) is 1
ip_status      0.20    granted patent 1.0, application filed 0.6, trade secret 0.5, none 0
market_pull    0.30    how many open needs match and how strongly: the mean, over the five
                       best-matching open needs, of each need's standing clipped to [0, 1];
                       standing = (z - 2) / (6 - 2) where z = how many spreads the need's
                       cosine lies above the listing's similarity to the other public needs
                       (mean and spread over them); one outstanding need gives 0.2, five 1
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
# Standing in spreads above the listing's typical need, not raw cosine: a model's cosines sit in
# a band of its own (e5: 0.75-0.9 for anything) and shift with the language pair.
PULL_FLOOR: Final = 2.0  # a need this far above the typical one starts to count
PULL_FULL: Final = 6.0  # fully from here: a same-language match (notes/vietnamese-matching.md)
PULL_SAMPLE: Final = 2000  # public needs the typical similarity is measured on
PULL_MIN_BACKGROUND: Final = 5  # fewer other needs: no typical need to stand out from
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


def standing(similarity: float, spread: SimilaritySpread) -> float | None:
    """How many spreads `similarity` lies above the other needs of `spread` (the need itself
    left out of the mean and spread it is compared with); None without enough others."""
    others = spread.count - 1
    if others < PULL_MIN_BACKGROUND:
        return None
    total = spread.mean * spread.count - similarity
    squares = spread.count * (spread.std**2 + spread.mean**2) - similarity**2
    mean = total / others
    std = math.sqrt(max(squares / others - mean**2, 0.0))
    return (similarity - mean) / std if std > 1e-9 else None


def market_pull_component(
    similarities: Sequence[float], spread: SimilaritySpread | None
) -> PotentialComponent:
    """`similarities`: cosine of the listing to open needs (any order, any number); `spread`:
    of its cosine to the public needs (None when the listing has no vector)."""
    best = sorted(similarities, reverse=True)[:PULL_NEEDS]
    z = [standing(s, spread) for s in best] if spread is not None else []
    strengths = [
        0.0 if v is None else min(max((v - PULL_FLOOR) / (PULL_FULL - PULL_FLOOR), 0.0), 1.0)
        for v in z
    ]
    value = sum(strengths) / PULL_NEEDS
    matching = sum(1 for s in strengths if s > 0)
    detail = f"{matching} open need{'s' if matching != 1 else ''} match"
    if z and z[0] is not None:
        detail += f" (best similarity {best[0]:.2f}, {z[0]:.1f} spreads above the typical need)"
    elif best and spread is not None:
        detail += f" (too few public needs to compare with: {spread.count})"
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
