"""Deals: what a connection ended in. They feed the monthly and quarterly reports.

A deal takes both sides. A member of one party of the connection (its organisation verified)
records it once the connection is accepted or negotiating: the deal is `pending`. A member of
the *other* party then confirms it (the deal is `confirmed` and the connection moves to
`deal`) or disputes it with a reason (`disputed`; the connection stays where it was and a
corrected deal may be recorded). Only confirmed deals count in any total: the deals summary,
the track-record fit check, supplier rankings. Value is in Vietnamese đồng, a whole number (VND
has no minor unit), and optional: parties may keep it undisclosed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

# 10^16 VND is far beyond any single technology deal and well inside a PostgreSQL bigint.
VALUE_MAX_VND = 10**16
NOTE_MAX = 2_000


class DealStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


# A connection has at most one deal in these statuses; a disputed one may be recorded again.
LIVE_DEAL: frozenset[DealStatus] = frozenset({DealStatus.PENDING, DealStatus.CONFIRMED})


class DealKind(enum.StrEnum):
    LICENCE = "licence"
    ASSIGNMENT = "assignment"
    INVESTMENT = "investment"
    PROCUREMENT = "procurement"
    JOINT_DEVELOPMENT = "joint_development"


@dataclass(frozen=True, slots=True)
class Deal:
    id: UUID
    connection_id: UUID
    kind: DealKind
    value_vnd: int | None
    signed_on: date
    party_ids: tuple[UUID, ...]  # organisations; the connection's two parties first
    recorded_by: UUID
    created_at: datetime
    status: DealStatus = DealStatus.PENDING
    # The party the recorder acted for; the other party of the connection answers.
    recorded_for: UUID | None = None
    answered_by: UUID | None = None
    answered_at: datetime | None = None
    dispute_reason: str | None = None  # public to the parties and operators


@dataclass(frozen=True, slots=True)
class DealTotals:
    kind: DealKind
    count: int
    total_value_vnd: int  # sum of the disclosed values
    undisclosed: int  # deals of this kind recorded without a value
