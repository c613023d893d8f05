"""Connection rules: kinds, lifecycle, who may move it, and when it grants access."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from domain.accounts import Actor, MemberRole, OrganizationKind, PlatformRole
from domain.connections import (
    CONNECTION_LIFECYCLE,
    Connection,
    ConnectionKind,
    ConnectionStatus,
    Side,
    can_read,
    check_transition,
    connection_kind,
    grants_confidential_access,
    listing_is_requestable,
    sides_of,
)
from domain.errors import Conflict, ConflictCode, NotAllowed
from domain.listings import ListingKind
from domain.notifications import (
    connection_answered_text,
    initiative_decided_text,
    review_assigned_text,
)

NOW = datetime(2026, 11, 23, tzinfo=UTC)
OWNER_ORG, REQUESTER_ORG = uuid4(), uuid4()
S = ConnectionStatus


def connection(status: ConnectionStatus, *, nda: bool = True) -> Connection:
    return Connection(
        id=uuid4(),
        kind=ConnectionKind.INTEREST,
        listing_kind=ListingKind.OFFER,
        listing_id=uuid4(),
        owner_organization_id=OWNER_ORG,
        requester_organization_id=REQUESTER_ORG,
        requested_by=uuid4(),
        intro="",
        status=status,
        nda_version="v" if nda else None,
        nda_acknowledged_by=uuid4() if nda else None,
        nda_acknowledged_at=NOW if nda else None,
        decline_reason=None,
        decline_note=None,
        created_at=NOW,
        updated_at=NOW,
    )


def member(org: UUID) -> Actor:
    return Actor(email_verified=True, user_id=uuid4(), memberships={org: MemberRole.MEMBER})


OWNER, REQUESTER = member(OWNER_ORG), member(REQUESTER_ORG)
OPERATOR = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))
STRANGER = Actor(email_verified=True, user_id=uuid4())


@pytest.mark.parametrize(
    ("listing", "org_kind", "expected"),
    [
        (ListingKind.OFFER, OrganizationKind.ENTERPRISE, ConnectionKind.INTEREST),
        (ListingKind.INITIATIVE, OrganizationKind.AGENCY, ConnectionKind.INTEREST),
        (ListingKind.INITIATIVE, OrganizationKind.FUND, ConnectionKind.INVESTMENT),
        (ListingKind.OFFER, OrganizationKind.FUND, ConnectionKind.INVESTMENT),
        (ListingKind.NEED, OrganizationKind.UNIVERSITY, ConnectionKind.PROPOSAL),
        (ListingKind.FUND, OrganizationKind.STARTUP, None),
    ],
)
def test_connection_kind_follows_the_target_and_the_requester(
    listing: ListingKind, org_kind: OrganizationKind, expected: ConnectionKind | None
) -> None:
    assert connection_kind(listing, org_kind) is expected


def test_only_public_available_listings_take_requests() -> None:
    assert listing_is_requestable(ListingKind.OFFER, "listed")
    assert not listing_is_requestable(ListingKind.OFFER, "draft")
    assert listing_is_requestable(ListingKind.INITIATIVE, "published")
    assert not listing_is_requestable(ListingKind.INITIATIVE, "under_review")
    assert listing_is_requestable(ListingKind.NEED, "open")
    assert not listing_is_requestable(ListingKind.NEED, "awarded")


def test_lifecycle_matches_the_documented_graph() -> None:
    assert set(CONNECTION_LIFECYCLE) == {
        (S.PENDING, S.ACCEPTED),
        (S.PENDING, S.DECLINED),
        (S.PENDING, S.CLOSED),
        (S.ACCEPTED, S.NEGOTIATING),
        (S.ACCEPTED, S.DEAL),
        (S.NEGOTIATING, S.DEAL),
        (S.ACCEPTED, S.CLOSED),
        (S.NEGOTIATING, S.CLOSED),
    }


def test_only_the_owner_side_answers_a_request() -> None:
    pending = connection(S.PENDING)
    with pytest.raises(NotAllowed):
        check_transition(REQUESTER, pending, S.ACCEPTED)
    with pytest.raises(NotAllowed):
        check_transition(OPERATOR, pending, S.DECLINED)
    assert check_transition(OWNER, pending, S.ACCEPTED).action == "accepted"
    assert check_transition(REQUESTER, pending, S.CLOSED).action == "withdrawn"


def test_declined_and_closed_are_final() -> None:
    for final in (S.DECLINED, S.CLOSED, S.DEAL):
        with pytest.raises(Conflict) as raised:
            check_transition(OWNER, connection(final), S.NEGOTIATING)
        assert raised.value.code is ConflictCode.INVALID_TRANSITION


def test_sides_and_readers() -> None:
    c = connection(S.ACCEPTED)
    assert sides_of(OWNER, c) == {Side.OWNER}
    assert sides_of(REQUESTER, c) == {Side.REQUESTER}
    assert sides_of(OPERATOR, c) == {Side.STAFF}
    assert not can_read(STRANGER, c)
    assert not can_read(Actor.anonymous(), c)


def test_access_is_granted_only_with_the_nda_and_a_live_acceptance() -> None:
    for status in S:
        granted = grants_confidential_access(status, NOW)
        assert granted == (status in {S.ACCEPTED, S.NEGOTIATING, S.DEAL})
    assert not grants_confidential_access(S.ACCEPTED, None)
    assert connection(S.ACCEPTED).grants_access
    assert not replace(connection(S.ACCEPTED), nda_acknowledged_at=None).grants_access


def test_notification_texts_carry_only_public_facts() -> None:
    long_title = "Máy lọc nước " * 30
    text = review_assigned_text(long_title)
    assert len(text) < 200
    assert text.endswith("…”.")
    assert "not accepted" in initiative_decided_text("X", "reject")
    assert connection_answered_text("declined", "Bơm nhiệt") == (
        "Your connection request about “Bơm nhiệt” was declined."
    )
