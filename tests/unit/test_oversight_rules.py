"""Periods of the statistics, the province scope of overseers, and who sees which live event."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.accounts import Actor, MemberRole, PlatformRole
from domain.errors import InvalidInput, NotAllowed, NotAllowedCode, NotAuthenticated
from domain.live_events import LiveEvent, LiveEventKind, visible_to
from domain.services.statistics import province_scope, scoped_query
from domain.statistics import Period, StatisticsQuery, build_query, quarter_of


@pytest.mark.parametrize(
    ("text", "start", "end", "months"),
    [
        ("2026", date(2026, 1, 1), date(2027, 1, 1), 12),
        ("2026-q3", date(2026, 7, 1), date(2026, 10, 1), 3),
        ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1), 3),
        ("2026-02", date(2026, 2, 1), date(2026, 3, 1), 1),
    ],
)
def test_periods_are_years_quarters_or_months(
    text: str, start: date, end: date, months: int
) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, len(period.months())) == (start, end, months)
    # Vietnamese time: the period starts at 17:00 UTC the day before.
    assert period.starts_at.astimezone(UTC).hour == 17


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q0", "Q3-2026", "26", "2026-7"])
def test_anything_else_is_an_invalid_period(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        Period.parse(text)
    assert raised.value.issues[0].path == ("period",)


def test_a_level_one_field_stands_for_its_sectors() -> None:
    query = build_query("2026", None, ["2"])
    assert query.field_codes is not None
    assert {"2", "201", "202"} <= query.field_codes
    assert quarter_of("2026-08") == "2026-Q3"


def _actor(*roles: PlatformRole, provinces: dict[PlatformRole, str] | None = None) -> Actor:
    return Actor(
        user_id=uuid4(),
        roles=frozenset(roles),
        role_provinces={r: frozenset({p}) for r, p in (provinces or {}).items()},
    )


def test_the_province_scope_of_overseers() -> None:
    with pytest.raises(NotAuthenticated):
        province_scope(Actor.anonymous())
    with pytest.raises(NotAllowed):
        province_scope(_actor(PlatformRole.REVIEWER))
    assert province_scope(_actor(PlatformRole.OPERATOR)) is None
    assert province_scope(_actor(PlatformRole.OBSERVER)) is None
    local = _actor(PlatformRole.OBSERVER, provinces={PlatformRole.OBSERVER: "hue"})
    assert province_scope(local) == {"hue"}
    period = Period.parse("2026")
    assert scoped_query(local, StatisticsQuery(period)).provinces == {"hue"}
    with pytest.raises(NotAllowed) as refused:
        scoped_query(local, StatisticsQuery(period, frozenset({"hue", "ha-noi"})))
    assert refused.value.code is NotAllowedCode.OUTSIDE_PROVINCE


def _event(kind: LiveEventKind, org: object, province: str = "can-tho") -> LiveEvent:
    return LiveEvent(
        kind=kind,
        listing_kind="initiative",
        listing_id=uuid4(),
        status="submitted",
        organization_ids=(org,),  # type: ignore[arg-type]
        province_code=province,
        field_code="207",
        title="Tên sáng kiến",
        at=datetime.now(UTC),
        deal_kind="licence" if kind is LiveEventKind.DEAL else None,
        value_vnd=10**9 if kind is LiveEventKind.DEAL else None,
    )


def test_who_sees_which_live_event() -> None:
    org = uuid4()
    member = Actor(user_id=uuid4(), memberships={org: MemberRole.MEMBER})
    submission = _event(LiveEventKind.SUBMISSION, org)
    deal = _event(LiveEventKind.DEAL, org)
    assert visible_to(member, submission) == submission
    assert visible_to(Actor.anonymous(), submission) is None
    assert visible_to(_actor(PlatformRole.OPERATOR), submission) == submission
    elsewhere = _actor(PlatformRole.OPERATOR, provinces={PlatformRole.OPERATOR: "ha-noi"})
    assert visible_to(elsewhere, submission) is None
    observed = visible_to(_actor(PlatformRole.OBSERVER), submission)
    assert observed is not None
    assert observed.title is None
    public_deal = visible_to(Actor.anonymous(), deal)
    assert public_deal is not None
    assert (public_deal.value_vnd, public_deal.organization_ids) == (None, ())
    assert visible_to(member, deal) == deal
