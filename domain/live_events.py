"""Live events of the portal (submissions, decisions, publications, connections, deals) and
who may see which: public events for anyone, an organisation's own events for its members,
everything in their provinces for operators, and a title-less view for observers.

Events carry public columns only (ids, states, province, field, title, deal kind and value);
the database builds them (migration 0013), this module decides per subscriber."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.accounts import Actor, PlatformRole


class LiveEventKind(enum.StrEnum):
    SUBMISSION = "submission"
    DECISION = "decision"
    PUBLICATION = "publication"
    CONNECTION_OPENED = "connection_opened"
    DEAL = "deal"


# Anyone may see these happen; a deal's value stays with its parties and overseers.
PUBLIC_KINDS = frozenset({LiveEventKind.PUBLICATION, LiveEventKind.DEAL})


@dataclass(frozen=True, slots=True)
class LiveEvent:
    kind: LiveEventKind
    listing_kind: str
    listing_id: UUID
    status: str
    organization_ids: tuple[UUID, ...]
    province_code: str | None
    field_code: str | None
    title: str | None
    at: datetime
    deal_kind: str | None = None
    value_vnd: int | None = None

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> LiveEvent:
        """From the JSON the triggers send; raises on anything malformed."""
        return cls(
            kind=LiveEventKind(data["kind"]),
            listing_kind=str(data["listingKind"]),
            listing_id=UUID(str(data["listingId"])),
            status=str(data["status"]),
            organization_ids=tuple(UUID(str(o)) for o in data["organizationIds"] if o),
            province_code=data.get("provinceCode"),
            field_code=data.get("fieldCode"),
            title=data.get("title"),
            at=datetime.fromisoformat(str(data["at"])),
            deal_kind=data.get("dealKind"),
            value_vnd=data.get("valueVnd"),
        )


def _observes(actor: Actor, province: str | None) -> bool:
    if PlatformRole.OBSERVER not in actor.roles:
        return False
    provinces = actor.provinces_of(PlatformRole.OBSERVER)
    return not provinces or province in provinces


def visible_to(actor: Actor, event: LiveEvent) -> LiveEvent | None:
    """What of `event` this subscriber may see, or None."""
    if any(actor.member_of(o) for o in event.organization_ids):
        return event
    if actor.operates_in(event.province_code):
        return event
    if _observes(actor, event.province_code):
        # Overseers count; they do not read unpublished titles.
        return event if event.kind in PUBLIC_KINDS else replace(event, title=None)
    if event.kind in PUBLIC_KINDS:
        return replace(event, value_vnd=None, organization_ids=())
    return None
