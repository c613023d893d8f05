"""Fields the listing types (initiative, offer, need) declare alike, resolved from the listing
each type keeps in `_entity`. Each call makes a new field: a strawberry field belongs to the one
class it is assigned in, where it keeps its place in the schema."""

from __future__ import annotations

from typing import Any

import strawberry

from api.accounts.types import OrganizationType
from api.context import Info
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
    return strawberry.field(resolver=_organization)


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
