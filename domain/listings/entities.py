"""Listings as the use cases and repositories exchange them, and the content each one
freezes when it is submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.accounts import Locale
from domain.listings.kinds import (
    InitiativeStatus,
    IpStatus,
    ListingKind,
    NeedKind,
    NeedStatus,
    OfferStatus,
    TransferMode,
)
from domain.listings.visibility import ListingRef

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
