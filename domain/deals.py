"""Deals: what a connection ended in. They feed the monthly and quarterly reports.

A deal is recorded by a party of the connection (or an operator, for the reports) once the
connection is accepted or negotiating; recording it moves the connection to `deal`. Value is
in Vietnamese đồng, a whole number (VND has no minor unit), and optional: parties may keep it
undisclosed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

# 10^16 VND is far beyond any single technology deal and well inside a PostgreSQL bigint.
VALUE_MAX_VND = 10**16
NOTE_MAX = 2_000


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


@dataclass(frozen=True, slots=True)
class DealTotals:
    kind: DealKind
    count: int
    total_value_vnd: int  # sum of the disclosed values
    undisclosed: int  # deals of this kind recorded without a value
