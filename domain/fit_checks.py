"""Fit checks: whether a listing suits a need, a fund's thesis or an offer. Each check passes,
fails or does not apply (unknown data never fails a listing)."""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.listings import IpStatus
from domain.taxonomy import field_by_code

if TYPE_CHECKING:
    from domain.matching import ListingFacts


class CheckName(enum.StrEnum):
    TRL = "trl"
    FIELD = "field"
    PROVINCE = "province"
    IP_STATUS = "ip_status"
    TRACK_RECORD = "track_record"
    TICKET_SIZE = "ticket_size"


class CheckOutcome(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"  # the data to decide is missing on either side


@dataclass(frozen=True, slots=True)
class FitCheck:
    name: CheckName
    outcome: CheckOutcome
    detail: str


def _na(name: CheckName, detail: str) -> FitCheck:
    return FitCheck(name, CheckOutcome.NOT_APPLICABLE, detail)


def _verdict(name: CheckName, ok: bool, passed: str, failed: str) -> FitCheck:
    return FitCheck(
        name, CheckOutcome.PASSED if ok else CheckOutcome.FAILED, passed if ok else failed
    )


def check_trl_at_least(trl: int | None, minimum: int | None) -> FitCheck:
    if minimum is None:
        return _na(CheckName.TRL, "no minimum TRL asked")
    if trl is None:
        return _na(CheckName.TRL, "TRL not stated")
    return _verdict(
        CheckName.TRL, trl >= minimum, f"TRL {trl} ≥ {minimum}", f"TRL {trl} < {minimum}"
    )


def check_trl_within(trl: int | None, low: int | None, high: int | None) -> FitCheck:
    if low is None and high is None:
        return _na(CheckName.TRL, "no TRL range set")
    if trl is None:
        return _na(CheckName.TRL, "TRL not stated")
    lo, hi = low or 1, high or 9
    return _verdict(
        CheckName.TRL, lo <= trl <= hi, f"TRL {trl} in {lo}-{hi}", f"TRL {trl} outside {lo}-{hi}"
    )


def _field_family(code: str) -> str:
    found = field_by_code(code)
    if found is None:
        return code
    return found.parent_code or found.code


def check_field(code: str | None, wanted: Iterable[str]) -> FitCheck:
    """Passes when the listing's sector is one wanted, or in the same level-1 field."""
    wanted = tuple(w for w in wanted if w)
    if not wanted:
        return _na(CheckName.FIELD, "no field asked")
    if code is None:
        return _na(CheckName.FIELD, "field not stated")
    families = {_field_family(w) for w in wanted}
    ok = code in wanted or _field_family(code) in families
    return _verdict(CheckName.FIELD, ok, f"field {code} matches", f"field {code} differs")


def check_province(code: str | None, wanted: Iterable[str]) -> FitCheck:
    wanted = tuple(w for w in wanted if w)
    if not wanted:
        return _na(CheckName.PROVINCE, "no province asked")
    if code is None:
        return _na(CheckName.PROVINCE, "province not stated")
    return _verdict(
        CheckName.PROVINCE, code in wanted, f"in {code}", f"in {code}, not {', '.join(wanted)}"
    )


def check_ip(ip_status: str | None) -> FitCheck:
    """Protected technology (patent filed or granted, or a trade secret) can be licensed."""
    if ip_status is None:
        return _na(CheckName.IP_STATUS, "IP status not stated")
    protected = ip_status in {
        IpStatus.GRANTED.value,
        IpStatus.APPLICATION_FILED.value,
        IpStatus.TRADE_SECRET.value,
    }
    return _verdict(CheckName.IP_STATUS, protected, f"IP {ip_status}", "no IP protection declared")


def check_track_record(deals: int) -> FitCheck:
    return _verdict(
        CheckName.TRACK_RECORD,
        deals > 0,
        f"{deals} recorded deal{'s' if deals != 1 else ''}",
        "no recorded deal yet",
    )


def check_ticket(
    price_min: int | None, price_max: int | None, ticket_min: int | None, ticket_max: int | None
) -> FitCheck:
    """The listing's asking range overlaps the fund's ticket range."""
    if ticket_min is None and ticket_max is None:
        return _na(CheckName.TICKET_SIZE, "no ticket size set")
    if price_min is None and price_max is None:
        return _na(CheckName.TICKET_SIZE, "no price stated")
    p_lo, p_hi = price_min or 0, price_max if price_max is not None else math.inf
    t_lo, t_hi = ticket_min or 0, ticket_max if ticket_max is not None else math.inf
    return _verdict(
        CheckName.TICKET_SIZE,
        p_lo <= t_hi and t_lo <= p_hi,
        "asking price within the ticket size",
        "asking price outside the ticket size",
    )


@dataclass(frozen=True, slots=True)
class NeedCriteria:
    min_trl: int | None = None
    field_code: str | None = None
    province_code: str | None = None


@dataclass(frozen=True, slots=True)
class FundCriteria:
    field_codes: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_vnd: int | None = None
    ticket_max_vnd: int | None = None
    province_codes: tuple[str, ...] = ()


def need_checks(need: NeedCriteria, listing: ListingFacts, deals: int) -> tuple[FitCheck, ...]:
    """A supplier's listing against a need."""
    facts = (listing.trl, listing.field_code, listing.province_code, listing.ip_status)
    return _need_checks(need, facts, deals)


@functools.lru_cache(maxsize=4096)
def _need_checks(
    need: NeedCriteria,
    facts: tuple[int | None, str | None, str | None, str | None],
    deals: int,
) -> tuple[FitCheck, ...]:
    # Memoised on the few facts checks read: a need's ~500 portfolio listings share a handful
    # of (TRL, field, province, IP) combinations, and checks are immutable.
    trl, field_code, province_code, ip_status = facts
    return (
        check_trl_at_least(trl, need.min_trl),
        check_field(field_code, (need.field_code,) if need.field_code else ()),
        check_province(province_code, (need.province_code,) if need.province_code else ()),
        check_ip(ip_status),
        check_track_record(deals),
    )


def fund_checks(fund: FundCriteria, listing: ListingFacts) -> tuple[FitCheck, ...]:
    """An initiative or offer against a fund's thesis."""
    return (
        check_trl_within(listing.trl, fund.trl_min, fund.trl_max),
        check_field(listing.field_code, fund.field_codes),
        check_province(listing.province_code, fund.province_codes),
        check_ticket(
            listing.price_min_vnd, listing.price_max_vnd, fund.ticket_min_vnd, fund.ticket_max_vnd
        ),
        check_ip(listing.ip_status),
    )


def offer_need_checks(offer: ListingFacts, need: ListingFacts) -> tuple[FitCheck, ...]:
    """An open need (its facts: `trl` is the need's minimum) against an offer."""
    return (
        check_trl_at_least(offer.trl, need.trl),
        check_field(offer.field_code, (need.field_code,) if need.field_code else ()),
        check_province(offer.province_code, (need.province_code,) if need.province_code else ()),
    )


def fit_value(checks: Iterable[FitCheck]) -> float:
    """Share of the applicable checks that passed; 1 when none applies."""
    known = [
        1.0 if c.outcome is CheckOutcome.PASSED else 0.0
        for c in checks
        if c.outcome is not CheckOutcome.NOT_APPLICABLE
    ]
    return sum(known) / len(known) if known else 1.0
