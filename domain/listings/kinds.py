"""The kinds of listing and the states, IP statuses and transfer modes they are described by."""

from __future__ import annotations

import enum

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
