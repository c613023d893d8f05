"""Commercialisation potential of an initiative or a technology offer: a 0-100 score that says
why, as four components each in [0, 1] with a fixed weight.

=============  ======  =====================================================================
component      weight  value
=============  ======  =====================================================================
trl            0.30    (TRL - 1) / 8: a lab idea (TRL 1) is 0, a proven system (TRL 9) is 1
ip_status      0.20    granted patent 1.0, application filed 0.6, trade secret 0.5, none 0
market_pull    0.30    how many open needs match and how strongly: the mean, over the five
                       best-matching open needs, of (cosine - 0.30) / (0.70 - 0.30) clipped
                       to [0, 1]; one strong match gives 0.2, five strong matches give 1
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
PULL_FLOOR: Final = 0.30  # cosine at which a need does not match at all
PULL_FULL: Final = 0.70  # cosine at which a need matches fully
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


def market_pull_component(similarities: Sequence[float]) -> PotentialComponent:
    """`similarities`: cosine of the listing to open needs (any order, any number)."""
    best = sorted(similarities, reverse=True)[:PULL_NEEDS]
    strengths = [min(max((s - PULL_FLOOR) / (PULL_FULL - PULL_FLOOR), 0.0), 1.0) for s in best]
    value = sum(strengths) / PULL_NEEDS
    matching = sum(1 for s in strengths if s > 0)
    detail = f"{matching} open need{'s' if matching != 1 else ''} match" + (
        f" (best similarity {best[0]:.2f})" if best else ""
    )
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
