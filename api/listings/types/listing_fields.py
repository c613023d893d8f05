"""Fields the listing types (initiative, offer, need) declare alike, resolved from the listing
each type keeps in `_entity`. Each call makes a new field: a strawberry field belongs to the one
class it is assigned in, where it keeps its place in the schema."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final
from uuid import UUID

import strawberry

from api.accounts.types import OrganizationType
from api.context import Info
from api.execution import prefetched
from api.listings.types.shared import (
    ATTACHMENTS,
    AttachmentType,
    ContactType,
    ReceiptType,
    StatusChangeType,
    StFieldType,
    contact_of,
    listing_attachments,
    organization,
    receipts,
    timeline,
)
from api.permissions import CanReadConfidential, confidential
from domain.accounts import Organization

# Where a listing node holds its organisation once its page loaded them all (hand_organizations).
ORGANIZATION_AHEAD: Final = "_organization_ahead"
RECEIPTS = "Authorship receipts of every submission (the owner and operators)."


def _contact(root: Any) -> ContactType | None:
    c = root._entity.content
    return contact_of(c.contact_name, c.contact_email, c.contact_phone)


def _field(root: Any) -> StFieldType | None:
    return StFieldType.of(root._entity.content.field_code)


def _organization(root: Any, info: Info) -> OrganizationType:
    return organization(info, root._entity.organization_id)


async def _status_timeline(root: Any, info: Info) -> list[StatusChangeType]:
    return await timeline(info, root._entity.id)


async def _attachments(root: Any, info: Info) -> list[AttachmentType]:
    return await listing_attachments(info, root._entity.id)


async def _receipts(root: Any, info: Info) -> list[ReceiptType]:
    return await receipts(info, root._entity.id)


def contact_field() -> Any:
    return strawberry.field(resolver=_contact, extensions=confidential(CanReadConfidential))


def science_field() -> Any:
    return strawberry.field(resolver=_field)


def organization_field() -> Any:
    return strawberry.field(resolver=_organization, metadata=prefetched(ORGANIZATION_AHEAD))


def hand_organizations(nodes: Iterable[Any], loaded: Mapping[UUID, Organization | None]) -> None:
    """Gives each listing node the organisation its page loaded: the `organization` field is
    then completed without a call to its resolver (api/execution.py, PREFETCHED), one
    conversion per organisation instead of one per listing."""
    converted: dict[UUID, OrganizationType] = {}
    for node in nodes:
        key = node._entity.organization_id
        if key not in converted:
            found = loaded.get(key)
            if found is None:
                continue  # not loaded: the resolver answers
            converted[key] = OrganizationType.from_domain(found)
        setattr(node, ORGANIZATION_AHEAD, converted[key])


def timeline_field(description: str | None = None) -> Any:
    return strawberry.field(resolver=_status_timeline, description=description)


def attachments_field() -> Any:
    return strawberry.field(
        resolver=_attachments,
        extensions=confidential(CanReadConfidential),
        description=ATTACHMENTS,
    )


def receipts_field() -> Any:
    return strawberry.field(
        resolver=_receipts, extensions=confidential(CanReadConfidential), description=RECEIPTS
    )
