"""The listing lifecycles, checked over the full state x state product: every allowed
transition is allowed for exactly the parties written here, and every other pair is refused."""

from __future__ import annotations

import enum
import itertools
from uuid import uuid4

import pytest

from domain.accounts import Actor, MemberRole, PlatformRole
from domain.errors import Conflict, ConflictCode, NotAllowed
from domain.listings import (
    INITIATIVE_LIFECYCLE,
    NEED_LIFECYCLE,
    OFFER_LIFECYCLE,
    InitiativeStatus,
    Lifecycle,
    ListingRef,
    NeedStatus,
    OfferStatus,
    Party,
    can_read_confidential,
)

Ini, Off, Nd = InitiativeStatus, OfferStatus, NeedStatus
OWNER, STAFF, SYSTEM = Party.OWNER, Party.STAFF, Party.SYSTEM

# Written out by hand from the issue, independently of the table in domain/listings.py.
INITIATIVE_ALLOWED: dict[tuple[InitiativeStatus, InitiativeStatus], set[Party]] = {
    (Ini.DRAFT, Ini.SUBMITTED): {OWNER},
    (Ini.SUBMITTED, Ini.SCREENING): {STAFF},
    (Ini.SCREENING, Ini.UNDER_REVIEW): {STAFF},
    (Ini.SCREENING, Ini.REVISION_REQUESTED): {STAFF},
    (Ini.SCREENING, Ini.REJECTED): {STAFF},
    (Ini.UNDER_REVIEW, Ini.REVISION_REQUESTED): {STAFF},
    (Ini.UNDER_REVIEW, Ini.ACCEPTED): {STAFF},
    (Ini.UNDER_REVIEW, Ini.REJECTED): {STAFF},
    (Ini.REVISION_REQUESTED, Ini.RESUBMITTED): {OWNER},
    (Ini.RESUBMITTED, Ini.UNDER_REVIEW): {STAFF},
    (Ini.RESUBMITTED, Ini.REVISION_REQUESTED): {STAFF},
    (Ini.RESUBMITTED, Ini.ACCEPTED): {STAFF},
    (Ini.RESUBMITTED, Ini.REJECTED): {STAFF},
    (Ini.ACCEPTED, Ini.PUBLISHED): {STAFF},
    (Ini.PUBLISHED, Ini.COMMERCIALISING): {OWNER, STAFF},
    (Ini.COMMERCIALISING, Ini.COMMERCIALISED): {OWNER, STAFF},
    (Ini.DRAFT, Ini.WITHDRAWN): {OWNER},
    (Ini.SUBMITTED, Ini.WITHDRAWN): {OWNER},
    (Ini.SCREENING, Ini.WITHDRAWN): {OWNER},
    (Ini.UNDER_REVIEW, Ini.WITHDRAWN): {OWNER},
    (Ini.REVISION_REQUESTED, Ini.WITHDRAWN): {OWNER},
    (Ini.RESUBMITTED, Ini.WITHDRAWN): {OWNER},
}

OFFER_ALLOWED: dict[tuple[OfferStatus, OfferStatus], set[Party]] = {
    (Off.DRAFT, Off.PENDING_APPROVAL): {OWNER},
    (Off.PENDING_APPROVAL, Off.LISTED): {STAFF},
    (Off.PENDING_APPROVAL, Off.DRAFT): {STAFF},
    (Off.LISTED, Off.UNDER_NEGOTIATION): {OWNER},
    (Off.UNDER_NEGOTIATION, Off.LISTED): {OWNER},
    (Off.UNDER_NEGOTIATION, Off.TRANSFERRED): {OWNER},
    (Off.LISTED, Off.EXPIRED): {SYSTEM, STAFF},
    (Off.EXPIRED, Off.LISTED): {OWNER},
    (Off.DRAFT, Off.WITHDRAWN): {OWNER},
    (Off.PENDING_APPROVAL, Off.WITHDRAWN): {OWNER},
    (Off.LISTED, Off.WITHDRAWN): {OWNER},
    (Off.UNDER_NEGOTIATION, Off.WITHDRAWN): {OWNER},
    (Off.EXPIRED, Off.WITHDRAWN): {OWNER},
}

NEED_ALLOWED: dict[tuple[NeedStatus, NeedStatus], set[Party]] = {
    (Nd.DRAFT, Nd.OPEN): {OWNER},
    (Nd.OPEN, Nd.CLOSED): {OWNER, STAFF},
    (Nd.OPEN, Nd.AWARDED): {OWNER},
    (Nd.CLOSED, Nd.AWARDED): {OWNER},
}

CASES = [
    pytest.param(lifecycle, a, b, allowed.get((a, b)), id=f"{lifecycle.kind}:{a}->{b}")
    for lifecycle, states, allowed in (
        (INITIATIVE_LIFECYCLE, InitiativeStatus, INITIATIVE_ALLOWED),
        (OFFER_LIFECYCLE, OfferStatus, OFFER_ALLOWED),
        (NEED_LIFECYCLE, NeedStatus, NEED_ALLOWED),
    )
    for a, b in itertools.product(states, repeat=2)  # type: ignore[call-overload]
]

ORG = uuid4()
ACTORS = {
    OWNER: Actor(email_verified=True, user_id=uuid4(), memberships={ORG: MemberRole.MEMBER}),
    STAFF: Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR})),
}
STRANGER = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.REVIEWER}))


@pytest.mark.parametrize(("lifecycle", "current", "target", "parties"), CASES)
def test_transition(
    lifecycle: Lifecycle[enum.StrEnum],
    current: enum.StrEnum,
    target: enum.StrEnum,
    parties: set[Party] | None,
) -> None:
    if parties is None:
        assert lifecycle.rule(current, target) is None
        for actor in (*ACTORS.values(), STRANGER):
            with pytest.raises(Conflict) as refused:
                lifecycle.check(actor, ORG, current, target)
            assert refused.value.code is ConflictCode.INVALID_TRANSITION
        return
    rule = lifecycle.rule(current, target)
    assert rule is not None
    assert set(rule.parties) == parties
    for party, actor in ACTORS.items():
        if party in parties:
            assert lifecycle.check(actor, ORG, current, target) is rule
        else:
            with pytest.raises(NotAllowed):
                lifecycle.check(actor, ORG, current, target)
    with pytest.raises(NotAllowed):
        lifecycle.check(STRANGER, ORG, current, target)
    with pytest.raises(NotAllowed):
        lifecycle.check(Actor.anonymous(), ORG, current, target)


def test_decisions_and_send_backs_need_a_public_reason() -> None:
    needing_reason = {
        (a, b) for (a, b), rule in INITIATIVE_LIFECYCLE.table.items() if rule.reason_required
    }
    assert needing_reason == {
        (a, b)
        for (a, b) in INITIATIVE_ALLOWED
        if b in {Ini.REJECTED, Ini.ACCEPTED, Ini.REVISION_REQUESTED}
    }


def test_no_withdrawal_after_a_decision() -> None:
    for state in (
        Ini.ACCEPTED,
        Ini.REJECTED,
        Ini.PUBLISHED,
        Ini.COMMERCIALISING,
        Ini.COMMERCIALISED,
    ):
        assert INITIATIVE_LIFECYCLE.rule(state, Ini.WITHDRAWN) is None


def test_confidential_parts_are_for_members_staff_and_grantees_only() -> None:
    listing = ListingRef(id=uuid4(), organization_id=ORG)
    assert can_read_confidential(ACTORS[OWNER], listing, set())
    assert can_read_confidential(ACTORS[STAFF], listing, set())
    assert not can_read_confidential(STRANGER, listing, set())
    assert not can_read_confidential(STRANGER, listing, {uuid4()})
    assert can_read_confidential(STRANGER, listing, {listing.id})
    assert not can_read_confidential(Actor.anonymous(), listing, {listing.id})
    other_org_member = Actor(
        email_verified=True, user_id=uuid4(), memberships={uuid4(): MemberRole.OWNER}
    )
    assert not can_read_confidential(other_org_member, listing, set())
