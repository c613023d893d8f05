"""Each listing kind's lifecycle as a transition table: which state may follow which, who
may move it (the owner organisation's members, operators, or the system), and whether a public
reason is required. Use cases look rules up here; nothing else decides."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from domain.accounts import Actor
from domain.errors import Conflict, ConflictCode, NotAllowed, NotAllowedCode
from domain.listings.kinds import InitiativeStatus, ListingKind, NeedStatus, OfferStatus

# --- lifecycles ---------------------------------------------------------------------------


class Party(enum.StrEnum):
    """Who may make a transition."""

    OWNER = "owner"  # a member of the organisation that owns the listing
    STAFF = "staff"  # operators and admins
    SYSTEM = "system"  # scheduled jobs (offer expiry)


S = TypeVar("S", bound=enum.StrEnum)


@dataclass(frozen=True, slots=True)
class Transition:
    action: str  # audit action suffix, e.g. "submitted" -> "initiative.submitted"
    parties: frozenset[Party]
    reason_required: bool = False


def _t(action: str, *parties: Party, reason: bool = False) -> Transition:
    return Transition(action, frozenset(parties), reason)


class Lifecycle(Generic[S]):
    def __init__(self, kind: ListingKind, table: Mapping[tuple[S, S], Transition]) -> None:
        self.kind = kind
        self.table = dict(table)

    def rule(self, current: S, target: S) -> Transition | None:
        return self.table.get((current, target))

    def targets(self, current: S) -> frozenset[S]:
        return frozenset(b for (a, b) in self.table if a == current)

    def check(
        self,
        actor: Actor,
        organization_id: UUID,
        current: S,
        target: S,
        *,
        province_code: str | None = None,
    ) -> Transition:
        """The rule for `current -> target`, or the reason the actor may not make it."""
        rule = self.rule(current, target)
        if rule is None:
            raise Conflict(
                ConflictCode.INVALID_TRANSITION,
                f"A {self.kind.value} cannot go from {current.value} to {target.value}.",
            )
        if not parties_of(actor, organization_id, province_code).intersection(rule.parties):
            code = (
                NotAllowedCode.MISSING_ROLE
                if rule.parties == {Party.STAFF}
                else NotAllowedCode.NOT_A_MEMBER
            )
            raise NotAllowed(code, f"You may not move this {self.kind.value} to {target.value}.")
        return rule


def parties_of(
    actor: Actor, organization_id: UUID, province_code: str | None = None
) -> frozenset[Party]:
    """A provincial operator is staff for the listings of its provinces only."""
    parties: set[Party] = set()
    if actor.is_authenticated and actor.member_of(organization_id):
        parties.add(Party.OWNER)
    if actor.is_authenticated and actor.operates_in(province_code):
        parties.add(Party.STAFF)
    return frozenset(parties)


_I = InitiativeStatus
_OWNER, _STAFF, _SYSTEM = Party.OWNER, Party.STAFF, Party.SYSTEM
_OWNER_OR_STAFF = (Party.OWNER, Party.STAFF)

# States in which an initiative may still be withdrawn: everything before a decision.
INITIATIVE_BEFORE_DECISION: frozenset[InitiativeStatus] = frozenset(
    {
        _I.DRAFT,
        _I.SUBMITTED,
        _I.SCREENING,
        _I.UNDER_REVIEW,
        _I.REVISION_REQUESTED,
        _I.RESUBMITTED,
    }
)

INITIATIVE_LIFECYCLE: Lifecycle[InitiativeStatus] = Lifecycle(
    ListingKind.INITIATIVE,
    {
        (_I.DRAFT, _I.SUBMITTED): _t("submitted", _OWNER),
        (_I.SUBMITTED, _I.SCREENING): _t("screening_started", _STAFF),
        (_I.SCREENING, _I.UNDER_REVIEW): _t("review_started", _STAFF),
        # Screening may turn away an incomplete or out-of-scope submission, or send it back.
        (_I.SCREENING, _I.REVISION_REQUESTED): _t("revision_requested", _STAFF, reason=True),
        (_I.SCREENING, _I.REJECTED): _t("rejected", _STAFF, reason=True),
        (_I.UNDER_REVIEW, _I.REVISION_REQUESTED): _t("revision_requested", _STAFF, reason=True),
        (_I.UNDER_REVIEW, _I.ACCEPTED): _t("accepted", _STAFF, reason=True),
        (_I.UNDER_REVIEW, _I.REJECTED): _t("rejected", _STAFF, reason=True),
        (_I.REVISION_REQUESTED, _I.RESUBMITTED): _t("resubmitted", _OWNER),
        (_I.RESUBMITTED, _I.UNDER_REVIEW): _t("review_started", _STAFF),
        (_I.RESUBMITTED, _I.REVISION_REQUESTED): _t("revision_requested", _STAFF, reason=True),
        (_I.RESUBMITTED, _I.ACCEPTED): _t("accepted", _STAFF, reason=True),
        (_I.RESUBMITTED, _I.REJECTED): _t("rejected", _STAFF, reason=True),
        (_I.ACCEPTED, _I.PUBLISHED): _t("published", _STAFF),
        # The owner reports commercialisation; operators may record it for them.
        (_I.PUBLISHED, _I.COMMERCIALISING): _t("commercialising", *_OWNER_OR_STAFF),
        (_I.COMMERCIALISING, _I.COMMERCIALISED): _t("commercialised", *_OWNER_OR_STAFF),
        **{(s, _I.WITHDRAWN): _t("withdrawn", _OWNER) for s in INITIATIVE_BEFORE_DECISION},
    },
)

# The owner may edit the content only while it is theirs to change.
INITIATIVE_EDITABLE: frozenset[InitiativeStatus] = frozenset({_I.DRAFT, _I.REVISION_REQUESTED})
INITIATIVE_PUBLIC: frozenset[InitiativeStatus] = frozenset(
    {_I.PUBLISHED, _I.COMMERCIALISING, _I.COMMERCIALISED}
)

_O = OfferStatus
OFFER_LIFECYCLE: Lifecycle[OfferStatus] = Lifecycle(
    ListingKind.OFFER,
    {
        (_O.DRAFT, _O.PENDING_APPROVAL): _t("submitted", _OWNER),
        (_O.PENDING_APPROVAL, _O.LISTED): _t("approved", _STAFF),
        (_O.PENDING_APPROVAL, _O.DRAFT): _t("returned", _STAFF, reason=True),
        (_O.LISTED, _O.UNDER_NEGOTIATION): _t("negotiating", _OWNER),
        (_O.UNDER_NEGOTIATION, _O.LISTED): _t("relisted", _OWNER),
        (_O.UNDER_NEGOTIATION, _O.TRANSFERRED): _t("transferred", _OWNER),
        (_O.LISTED, _O.EXPIRED): _t("expired", _SYSTEM, _STAFF),
        (_O.EXPIRED, _O.LISTED): _t("renewed", _OWNER),
        (_O.DRAFT, _O.WITHDRAWN): _t("withdrawn", _OWNER),
        (_O.PENDING_APPROVAL, _O.WITHDRAWN): _t("withdrawn", _OWNER),
        (_O.LISTED, _O.WITHDRAWN): _t("withdrawn", _OWNER),
        (_O.UNDER_NEGOTIATION, _O.WITHDRAWN): _t("withdrawn", _OWNER),
        (_O.EXPIRED, _O.WITHDRAWN): _t("withdrawn", _OWNER),
    },
)
OFFER_EDITABLE: frozenset[OfferStatus] = frozenset({_O.DRAFT})
OFFER_PUBLIC: frozenset[OfferStatus] = frozenset({_O.LISTED, _O.UNDER_NEGOTIATION, _O.TRANSFERRED})

_N = NeedStatus
NEED_LIFECYCLE: Lifecycle[NeedStatus] = Lifecycle(
    ListingKind.NEED,
    {
        (_N.DRAFT, _N.OPEN): _t("published", _OWNER),
        (_N.OPEN, _N.CLOSED): _t("closed", _OWNER, _STAFF),
        (_N.OPEN, _N.AWARDED): _t("awarded", _OWNER, reason=True),
        # A challenge usually closes for entries first and is awarded after judging.
        (_N.CLOSED, _N.AWARDED): _t("awarded", _OWNER, reason=True),
    },
)
NEED_PUBLIC: frozenset[NeedStatus] = frozenset({_N.OPEN, _N.CLOSED, _N.AWARDED})
