"""Connections: an organisation's expression of interest in another organisation's listing.

Who connects to what:

| requester                      | target             | kind         |
|--------------------------------|--------------------|--------------|
| seeker (any organisation)      | offer, initiative  | `interest`   |
| investment fund (kind `fund`)  | initiative, offer  | `investment` |
| supplier (any organisation)    | need               | `proposal`   |

Lifecycle (the table below is the only authority):

    pending -> accepted | declined (coded reason) | closed (withdrawn by the requester)
    accepted -> negotiating | deal | closed
    negotiating -> deal | closed

NDA and confidential access. The platform has one standard non-disclosure agreement
(`NDA_VERSION`). The requester acknowledges it either when requesting or at any time later
(`acknowledge_nda`), and the acknowledgement (who, when, which version) is kept. The owner may
accept before the NDA is acknowledged, but *acceptance takes effect* for confidentiality only
once both hold: the requester organisation's members read the listing's confidential fields
while the connection is accepted, negotiating or a deal **and** the NDA is acknowledged
(`grants_confidential_access`). Declining or closing ends the access.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.accounts import Actor, OrganizationKind
from domain.errors import Conflict, ConflictCode, NotAllowed, NotAllowedCode
from domain.listings import (
    INITIATIVE_PUBLIC,
    NEED_PUBLIC,
    OFFER_PUBLIC,
    InitiativeStatus,
    ListingKind,
    NeedStatus,
    OfferStatus,
)

NDA_VERSION = "innovex-nda-2026.1"
INTRO_MAX = 4_000
NOTE_MAX = 2_000
MESSAGE_MAX = 5_000


class ConnectionKind(enum.StrEnum):
    INTEREST = "interest"
    INVESTMENT = "investment"
    PROPOSAL = "proposal"


class ConnectionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NEGOTIATING = "negotiating"
    DEAL = "deal"
    CLOSED = "closed"


class DeclineReason(enum.StrEnum):
    TOO_EARLY = "too_early"
    BENEFIT_UNCLEAR = "benefit_unclear"
    COMMERCIAL_ROUTE_UNCLEAR = "commercial_route_unclear"
    DESCRIPTION_UNCLEAR = "description_unclear"
    NOT_A_FIT = "not_a_fit"
    OTHER = "other"  # a free-text note is then required


class Side(enum.StrEnum):
    REQUESTER = "requester"  # members of the requesting organisation
    OWNER = "owner"  # members of the organisation that owns the listing
    STAFF = "staff"


# Statuses in which the requester organisation holds confidential access (NDA permitting).
GRANTING: frozenset[ConnectionStatus] = frozenset(
    {ConnectionStatus.ACCEPTED, ConnectionStatus.NEGOTIATING, ConnectionStatus.DEAL}
)
# A requester has at most one connection per listing in these statuses.
OPEN: frozenset[ConnectionStatus] = frozenset(
    {
        ConnectionStatus.PENDING,
        ConnectionStatus.ACCEPTED,
        ConnectionStatus.NEGOTIATING,
        ConnectionStatus.DEAL,
    }
)
# Messages may be posted while the conversation is alive.
MESSAGING: frozenset[ConnectionStatus] = frozenset(
    {
        ConnectionStatus.PENDING,
        ConnectionStatus.ACCEPTED,
        ConnectionStatus.NEGOTIATING,
        ConnectionStatus.DEAL,
    }
)


@dataclass(frozen=True, slots=True)
class ConnectionTransition:
    action: str  # audit action suffix: "connection.<action>"
    sides: frozenset[Side]


_C = ConnectionStatus
_R, _O, _S = Side.REQUESTER, Side.OWNER, Side.STAFF

CONNECTION_LIFECYCLE: Mapping[tuple[ConnectionStatus, ConnectionStatus], ConnectionTransition] = {
    (_C.PENDING, _C.ACCEPTED): ConnectionTransition("accepted", frozenset({_O})),
    (_C.PENDING, _C.DECLINED): ConnectionTransition("declined", frozenset({_O})),
    (_C.PENDING, _C.CLOSED): ConnectionTransition("withdrawn", frozenset({_R})),
    (_C.ACCEPTED, _C.NEGOTIATING): ConnectionTransition("negotiating", frozenset({_R, _O})),
    # Operators do not sign deals: one party records it, the other confirms (domain/deals.py).
    (_C.ACCEPTED, _C.DEAL): ConnectionTransition("deal_confirmed", frozenset({_R, _O})),
    (_C.NEGOTIATING, _C.DEAL): ConnectionTransition("deal_confirmed", frozenset({_R, _O})),
    (_C.ACCEPTED, _C.CLOSED): ConnectionTransition("closed", frozenset({_R, _O, _S})),
    (_C.NEGOTIATING, _C.CLOSED): ConnectionTransition("closed", frozenset({_R, _O, _S})),
}


@dataclass(frozen=True, slots=True)
class Connection:
    id: UUID
    kind: ConnectionKind
    listing_kind: ListingKind
    listing_id: UUID
    owner_organization_id: UUID  # the listing's organisation when the request was made
    requester_organization_id: UUID
    requested_by: UUID
    intro: str  # the requester's opening note; the two parties and operators read it
    status: ConnectionStatus
    nda_version: str | None
    nda_acknowledged_by: UUID | None
    nda_acknowledged_at: datetime | None
    decline_reason: DeclineReason | None
    decline_note: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def nda_acknowledged(self) -> bool:
        return self.nda_acknowledged_at is not None

    @property
    def grants_access(self) -> bool:
        return grants_confidential_access(self.status, self.nda_acknowledged_at)


@dataclass(frozen=True, slots=True)
class ConnectionMessage:
    id: UUID
    connection_id: UUID
    author_id: UUID
    body: str
    created_at: datetime


def grants_confidential_access(
    status: ConnectionStatus, nda_acknowledged_at: datetime | None
) -> bool:
    return status in GRANTING and nda_acknowledged_at is not None


def connection_kind(
    listing_kind: ListingKind, requester_kind: OrganizationKind
) -> ConnectionKind | None:
    """The kind of a request from an organisation of `requester_kind`, or None if a request to
    this kind of listing makes no sense (fund profiles are matched, not requested)."""
    if listing_kind is ListingKind.NEED:
        return ConnectionKind.PROPOSAL
    if listing_kind in {ListingKind.OFFER, ListingKind.INITIATIVE}:
        if requester_kind is OrganizationKind.FUND:
            return ConnectionKind.INVESTMENT
        return ConnectionKind.INTEREST
    return None


# Listing states in which a new request is accepted: public and still available.
REQUESTABLE: Mapping[ListingKind, frozenset[str]] = {
    ListingKind.INITIATIVE: frozenset(s.value for s in INITIATIVE_PUBLIC)
    - {InitiativeStatus.COMMERCIALISED.value},
    ListingKind.OFFER: frozenset({OfferStatus.LISTED.value, OfferStatus.UNDER_NEGOTIATION.value}),
    ListingKind.NEED: frozenset({NeedStatus.OPEN.value}),
}


def listing_is_requestable(listing_kind: ListingKind, status: str) -> bool:
    return status in REQUESTABLE.get(listing_kind, frozenset())


def listing_is_public(listing_kind: ListingKind, status: str) -> bool:
    public: Mapping[ListingKind, frozenset[str]] = {
        ListingKind.INITIATIVE: frozenset(s.value for s in INITIATIVE_PUBLIC),
        ListingKind.OFFER: frozenset(s.value for s in OFFER_PUBLIC),
        ListingKind.NEED: frozenset(s.value for s in NEED_PUBLIC),
    }
    return status in public.get(listing_kind, frozenset())


def sides_of(actor: Actor, connection: Connection) -> frozenset[Side]:
    sides: set[Side] = set()
    if not actor.is_authenticated:
        return frozenset()
    if actor.member_of(connection.requester_organization_id):
        sides.add(Side.REQUESTER)
    if actor.member_of(connection.owner_organization_id):
        sides.add(Side.OWNER)
    if actor.is_staff:
        sides.add(Side.STAFF)
    return frozenset(sides)


def can_read(actor: Actor, connection: Connection) -> bool:
    """The two parties and operators read a connection and its messages."""
    return bool(sides_of(actor, connection))


def check_transition(
    actor: Actor, connection: Connection, target: ConnectionStatus
) -> ConnectionTransition:
    rule = CONNECTION_LIFECYCLE.get((connection.status, target))
    if rule is None:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            f"A connection cannot go from {connection.status.value} to {target.value}.",
        )
    if not sides_of(actor, connection).intersection(rule.sides):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER, f"You may not move this connection to {target.value}."
        )
    return rule
