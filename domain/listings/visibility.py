"""Who may read the confidential fields of a listing, as plain rules the repositories turn
into SQL."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from domain.accounts import Actor

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
