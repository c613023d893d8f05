"""Listings of the exchange: initiatives, technology offers, needs and fund profiles.

Each listing kind has a lifecycle written down as a transition table: which state may follow
which, who may move it (the owner organisation's members, operators, or the system), and
whether a public reason is required. Use cases look rules up here; nothing else decides.

Visibility lives here too, as plain rules the repositories turn into SQL: which states are
public, and who may read the confidential fields of a listing.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

from domain.accounts import Actor, Locale
from domain.errors import Conflict, ConflictCode, NotAllowed, NotAllowedCode
from domain.events import EntityKind

TRL_MIN = 1
TRL_MAX = 9


class ListingKind(enum.StrEnum):
    INITIATIVE = "initiative"
    OFFER = "offer"
    NEED = "need"
    FUND = "fund"

    @property
    def entity_kind(self) -> EntityKind:
        return EntityKind(self.value)


class IpStatus(enum.StrEnum):
    NONE = "none"
    APPLICATION_FILED = "application_filed"
    GRANTED = "granted"
    TRADE_SECRET = "trade_secret"

    @property
    def needs_number(self) -> bool:
        """A filed application or a granted patent has a number at the IP office."""
        return self in {IpStatus.APPLICATION_FILED, IpStatus.GRANTED}


class InitiativeStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    UNDER_REVIEW = "under_review"
    REVISION_REQUESTED = "revision_requested"
    RESUBMITTED = "resubmitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PUBLISHED = "published"
    COMMERCIALISING = "commercialising"
    COMMERCIALISED = "commercialised"
    WITHDRAWN = "withdrawn"


class OfferStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    LISTED = "listed"
    UNDER_NEGOTIATION = "under_negotiation"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class TransferMode(enum.StrEnum):
    LICENCE = "licence"
    ASSIGNMENT = "assignment"
    JOINT_DEVELOPMENT = "joint_development"
    CONSULTING = "consulting"
    PRODUCT_SALE = "product_sale"


class NeedStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    AWARDED = "awarded"


class NeedKind(enum.StrEnum):
    REQUEST = "request"
    CHALLENGE = "challenge"


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

    def check(self, actor: Actor, organization_id: UUID, current: S, target: S) -> Transition:
        """The rule for `current -> target`, or the reason the actor may not make it."""
        rule = self.rule(current, target)
        if rule is None:
            raise Conflict(
                ConflictCode.INVALID_TRANSITION,
                f"A {self.kind.value} cannot go from {current.value} to {target.value}.",
            )
        if not parties_of(actor, organization_id).intersection(rule.parties):
            code = (
                NotAllowedCode.MISSING_ROLE
                if rule.parties == {Party.STAFF}
                else NotAllowedCode.NOT_A_MEMBER
            )
            raise NotAllowed(code, f"You may not move this {self.kind.value} to {target.value}.")
        return rule


def parties_of(actor: Actor, organization_id: UUID) -> frozenset[Party]:
    parties: set[Party] = set()
    if actor.is_authenticated and actor.member_of(organization_id):
        parties.add(Party.OWNER)
    if actor.is_authenticated and actor.is_staff:
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


# --- confidentiality ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListingRef:
    """Enough of a listing to decide who may read its confidential parts."""

    id: UUID
    organization_id: UUID


def can_read_confidential(actor: Actor, listing: ListingRef, grants: Collection[UUID]) -> bool:
    """Descriptions, solutions, attachments' metadata and contact details of a listing are for
    the owner organisation's members, operators, and those granted access to this listing
    (assigned non-recused reviewers, parties of an accepted connection): `grants` holds the
    ids of the listings the actor was granted."""
    if not actor.is_authenticated:
        return False
    return actor.is_staff or actor.member_of(listing.organization_id) or listing.id in grants


def needs_grant_lookup(actor: Actor, listing: ListingRef) -> bool:
    """Whether `can_read_confidential` depends on `grants` (so callers can skip the query)."""
    return actor.is_authenticated and not (
        actor.is_staff or actor.member_of(listing.organization_id)
    )


# --- entities -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CoAuthor:
    name: str
    share_percent: Decimal  # contribution share; an initiative's shares sum to 100
    affiliation: str | None = None
    user_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class InitiativeContent:
    """What the owner writes. Drafts may be incomplete; submission requires completeness."""

    title: str
    summary: str | None = None
    description: str | None = None  # confidential
    problem: str | None = None
    solution: str | None = None  # confidential
    advantages: str | None = None
    field_code: str | None = None
    keywords: tuple[str, ...] = ()
    trl: int | None = None
    ip_status: IpStatus = IpStatus.NONE
    ip_number: str | None = None
    target_users: str | None = None
    expected_impact: str | None = None
    province_code: str | None = None
    language: Locale = Locale.VI
    co_authors: tuple[CoAuthor, ...] = ()


@dataclass(frozen=True, slots=True)
class Initiative:
    id: UUID
    organization_id: UUID
    created_by: UUID | None
    content: InitiativeContent
    status: InitiativeStatus
    revision: int  # number of submissions so far (each stored as a listing version)
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime

    @property
    def ref(self) -> ListingRef:
        return ListingRef(self.id, self.organization_id)


@dataclass(frozen=True, slots=True)
class OfferContent:
    title: str
    summary: str | None = None
    description: str | None = None  # confidential
    trl: int | None = None
    ip_status: IpStatus = IpStatus.NONE
    ip_number: str | None = None
    field_code: str | None = None
    keywords: tuple[str, ...] = ()
    transfer_modes: tuple[TransferMode, ...] = ()
    terms: str | None = None  # indicative terms, public
    price_min_vnd: int | None = None
    price_max_vnd: int | None = None
    province_code: str | None = None
    initiative_id: UUID | None = None
    contact_name: str | None = None  # confidential
    contact_email: str | None = None  # confidential
    contact_phone: str | None = None  # confidential


@dataclass(frozen=True, slots=True)
class TechnologyOffer:
    id: UUID
    organization_id: UUID
    created_by: UUID | None
    content: OfferContent
    status: OfferStatus
    revision: int
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime

    @property
    def ref(self) -> ListingRef:
        return ListingRef(self.id, self.organization_id)


@dataclass(frozen=True, slots=True)
class NeedContent:
    title: str
    kind: NeedKind = NeedKind.REQUEST
    problem_statement: str | None = None
    desired_outcome: str | None = None
    constraints: str | None = None  # public: suppliers must know them to answer
    min_trl: int | None = None
    budget_min_vnd: int | None = None
    budget_max_vnd: int | None = None
    deadline: date | None = None
    province_code: str | None = None
    field_code: str | None = None
    keywords: tuple[str, ...] = ()
    prize_vnd: int | None = None  # challenges only
    order_commitment: str | None = None  # challenges only: what the poser commits to buy
    contact_name: str | None = None  # confidential
    contact_email: str | None = None  # confidential
    contact_phone: str | None = None  # confidential


@dataclass(frozen=True, slots=True)
class Need:
    id: UUID
    organization_id: UUID
    created_by: UUID | None
    content: NeedContent
    status: NeedStatus
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime

    @property
    def ref(self) -> ListingRef:
        return ListingRef(self.id, self.organization_id)


@dataclass(frozen=True, slots=True)
class FundThesis:
    thesis: str
    field_codes: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_vnd: int | None = None
    ticket_max_vnd: int | None = None
    province_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FundProfile:
    id: UUID
    organization_id: UUID
    content: FundThesis
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step of a listing's public timeline. `actor_id` is kept for the audit trail and is
    never shown publicly (who reviewed is not public)."""

    listing_id: UUID
    from_status: str | None
    to_status: str
    reason: str | None
    at: datetime
    actor_id: UUID | None


def initiative_document(initiative: Initiative) -> dict[str, Any]:
    """The content frozen by a submission, as plain JSON values (what a receipt's digest is
    computed over)."""
    c = initiative.content
    return {
        "kind": ListingKind.INITIATIVE.value,
        "id": str(initiative.id),
        "organization_id": str(initiative.organization_id),
        "title": c.title,
        "summary": c.summary,
        "description": c.description,
        "problem": c.problem,
        "solution": c.solution,
        "advantages": c.advantages,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "trl": c.trl,
        "ip_status": c.ip_status.value,
        "ip_number": c.ip_number,
        "target_users": c.target_users,
        "expected_impact": c.expected_impact,
        "province_code": c.province_code,
        "language": c.language.value,
        "co_authors": [
            {
                "name": a.name,
                "affiliation": a.affiliation,
                "user_id": str(a.user_id) if a.user_id else None,
                "share_percent": f"{a.share_percent:.2f}",
            }
            for a in c.co_authors
        ],
    }


def offer_document(offer: TechnologyOffer) -> dict[str, Any]:
    c = offer.content
    return {
        "kind": ListingKind.OFFER.value,
        "id": str(offer.id),
        "organization_id": str(offer.organization_id),
        "title": c.title,
        "summary": c.summary,
        "description": c.description,
        "trl": c.trl,
        "ip_status": c.ip_status.value,
        "ip_number": c.ip_number,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "transfer_modes": [m.value for m in c.transfer_modes],
        "terms": c.terms,
        "price_min_vnd": c.price_min_vnd,
        "price_max_vnd": c.price_max_vnd,
        "province_code": c.province_code,
        "initiative_id": str(c.initiative_id) if c.initiative_id else None,
        "contact_name": c.contact_name,
        "contact_email": c.contact_email,
        "contact_phone": c.contact_phone,
    }


# --- ports --------------------------------------------------------------------------------


class InitiativeRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: InitiativeContent
    ) -> Initiative: ...

    async def get(self, initiative_id: UUID, *, for_update: bool = False) -> Initiative | None:
        """Unfiltered, for use cases (which apply the visibility rules themselves)."""
        ...

    async def update_content(
        self, initiative_id: UUID, content: InitiativeContent
    ) -> Initiative: ...

    async def set_status(
        self,
        initiative_id: UUID,
        *,
        expected: InitiativeStatus,
        status: InitiativeStatus,
        at: datetime,
        revision: int | None = None,
    ) -> Initiative | None:
        """Move from `expected` to `status`; None when the row was no longer `expected`."""
        ...


class OfferRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: OfferContent
    ) -> TechnologyOffer: ...

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> TechnologyOffer | None: ...

    async def update_content(self, offer_id: UUID, content: OfferContent) -> TechnologyOffer: ...

    async def set_status(
        self,
        offer_id: UUID,
        *,
        expected: OfferStatus,
        status: OfferStatus,
        at: datetime,
        revision: int | None = None,
        expires_at: datetime | None = None,
    ) -> TechnologyOffer | None: ...

    async def set_expiry(self, offer_id: UUID, expires_at: datetime) -> TechnologyOffer: ...

    async def due_for_expiry(self, now: datetime, limit: int) -> list[TechnologyOffer]:
        """Listed offers whose expiry has passed, locked for this transaction."""
        ...


class NeedRepository(Protocol):
    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: NeedContent
    ) -> Need: ...

    async def get(self, need_id: UUID, *, for_update: bool = False) -> Need | None: ...

    async def update_content(self, need_id: UUID, content: NeedContent) -> Need: ...

    async def set_status(
        self, need_id: UUID, *, expected: NeedStatus, status: NeedStatus, at: datetime
    ) -> Need | None: ...


class FundRepository(Protocol):
    async def get_by_organization(self, organization_id: UUID) -> FundProfile | None: ...

    async def upsert(self, organization_id: UUID, content: FundThesis) -> FundProfile: ...


@dataclass(frozen=True, slots=True)
class StoredVersion:
    listing_kind: str
    listing_id: UUID
    version: int
    digest: str
    signed_at: datetime
    key_id: str
    signature: str


class ListingRecords(Protocol):
    """What is kept about every listing kind: the status timeline, the submitted versions, and
    who has been granted confidential access."""

    async def record_status_change(self, kind: ListingKind, change: StatusChange) -> None: ...

    async def add_version(
        self,
        *,
        kind: ListingKind,
        listing_id: UUID,
        version: int,
        content: dict[str, Any],
        digest: str,
        signature: str,
        key_id: str,
        signed_at: datetime,
        submitted_by: UUID | None,
    ) -> None: ...

    async def stored_version(self, listing_id: UUID, version: int) -> StoredVersion | None: ...

    async def confidential_grants(self, actor: Actor, listing_ids: Sequence[UUID]) -> set[UUID]:
        """The listings among `listing_ids` the actor was granted confidential access to as an
        assigned, non-recused reviewer or a party of an accepted connection."""
        ...


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """What lists of listings can be narrowed by. A level-1 field code matches its sectors."""

    statuses: tuple[str, ...] = ()
    field_code: str | None = None
    province_code: str | None = None
    organization_id: UUID | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    mine: bool = False  # only listings of the actor's organisations
    need_kind: NeedKind | None = None
