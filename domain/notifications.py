"""In-app notifications: one per event a user must act on or should know about.

Texts are built here, from templates, out of public facts only: the kind of event, the public
title of a listing and coded values. Message bodies, review comments, reviewer identities,
decline notes and confidential listing fields never go into a notification.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

TITLE_MAX_IN_TEXT = 120


class NotificationKind(enum.StrEnum):
    REVIEW_ASSIGNED = "review_assigned"
    REVIEWER_RECUSED = "reviewer_recused"
    INITIATIVE_DECIDED = "initiative_decided"
    CONNECTION_REQUESTED = "connection_requested"
    CONNECTION_ANSWERED = "connection_answered"
    MESSAGE_RECEIVED = "message_received"
    DEAL_RECORDED = "deal_recorded"
    DEAL_CONFIRMED = "deal_confirmed"
    DEAL_DISPUTED = "deal_disputed"
    INVITATION_RECEIVED = "invitation_received"
    MEMBERSHIP_ANSWERED = "membership_answered"
    JOIN_REQUESTED = "join_requested"
    VERIFICATION_DECIDED = "verification_decided"


@dataclass(frozen=True, slots=True)
class Notification:
    id: UUID
    user_id: UUID
    kind: NotificationKind
    subject_kind: str  # "initiative", "connection", "review_assignment"
    subject_id: UUID
    text: str
    created_at: datetime
    read_at: datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


@dataclass(frozen=True, slots=True)
class NewNotification:
    user_id: UUID
    kind: NotificationKind
    subject_kind: str
    subject_id: UUID
    text: str


def _title(public_title: str) -> str:
    title = " ".join(public_title.split())
    if len(title) > TITLE_MAX_IN_TEXT:
        title = title[: TITLE_MAX_IN_TEXT - 1] + "…"
    return f"“{title}”"


def review_assigned_text(public_title: str) -> str:
    return f"You were assigned to review the initiative {_title(public_title)}."


def reviewer_recused_text(public_title: str) -> str:
    return (
        f"A reviewer of the initiative {_title(public_title)} declared a conflict of interest; "
        "assign a replacement."
    )


def initiative_decided_text(public_title: str, outcome: str) -> str:
    phrase = {
        "accept": "was accepted",
        "reject": "was not accepted",
        "request_revision": "needs a revision",
    }.get(outcome, "has a decision")
    return f"Your initiative {_title(public_title)} {phrase}. See the decision for the reason."


def connection_requested_text(kind: str, public_title: str) -> str:
    noun = {
        "interest": "An organisation is interested in",
        "investment": "An investment fund is interested in",
        "proposal": "An organisation sent a proposal for",
    }.get(kind, "An organisation asked to connect about")
    return f"{noun} {_title(public_title)}."


def connection_answered_text(status: str, public_title: str) -> str:
    phrase = {
        "accepted": "was accepted",
        "declined": "was declined",
        "negotiating": "moved to negotiation",
        "closed": "was closed",
        "deal": "ended in a deal",
    }.get(status, "was updated")
    return f"Your connection request about {_title(public_title)} {phrase}."


def message_received_text(public_title: str) -> str:
    return f"New message in the connection about {_title(public_title)}."


def deal_recorded_text(public_title: str) -> str:
    return (
        f"A deal was recorded for the connection about {_title(public_title)}; "
        "confirm or dispute it."
    )


def deal_answered_text(status: str, public_title: str) -> str:
    return f"The deal about {_title(public_title)} was {status} by the other party."


def invitation_received_text(organization_name: str, role: str) -> str:
    return f"You were invited to join {_title(organization_name)} as {role}; accept or decline."


def join_requested_text(organization_name: str) -> str:
    return f"Someone asked to join {_title(organization_name)}; approve or decline."


def membership_answered_text(organization_name: str, outcome: str) -> str:
    phrase = {
        "approved": "Your request to join {} was approved.",
        "declined": "Your request to join {} was declined.",
        "accepted": "An invitation to {} was accepted.",
        "invitation_declined": "An invitation to {} was declined.",
    }.get(outcome, "Membership of {} was answered.")
    return phrase.format(_title(organization_name))
