"""Pieces every listing type shares: the VND scalar, the enums, fields, timelines, receipts,
contacts and attachments.

Confidential fields carry `api.permissions.CanReadConfidential`, which asks
`domain.listings.can_read_confidential` and reads null (an empty list for attachments) for
everyone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any, NewType
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.exceptions import StrawberryInputCoercionError

from api.accounts.types import OrganizationType
from api.context import Info
from api.relay import resolve_by_uuid
from api.selection import from_loader
from domain import attachments as attachments_domain
from domain import listings as domain
from domain.accounts import Organization
from domain.fields import from_fields
from domain.receipts import ALGORITHM, RECEIPT_FORMAT_V1, Receipt
from domain.taxonomy import field_by_code

Vnd = NewType("Vnd", int)
_DIGITS = re.compile(r"^-?[0-9]{1,19}$")


def _parse_vnd(value: object) -> int:
    # Strings always; plain JSON integers too, for small amounts typed by hand.
    if isinstance(value, bool):
        raise StrawberryInputCoercionError("VND amounts are whole numbers of đồng")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        return int(value.strip())
    raise StrawberryInputCoercionError(
        f"Value cannot represent VND: {value!r}. Write whole đồng as a decimal string."
    )


VND_SCALAR = strawberry.scalar(
    name="VND",
    description=(
        "An amount in Vietnamese đồng: a whole number written as a decimal string, because "
        "amounts exceed GraphQL's 32-bit Int."
    ),
    serialize=lambda value: str(int(value)),
    parse_value=_parse_vnd,
)
SCALARS: dict[object, Any] = {Vnd: VND_SCALAR}


def vnd(value: int | None) -> Vnd | None:
    return Vnd(value) if value is not None else None


# --- enums ----------------------------------------------------------------------------------

InitiativeStatus = strawberry.enum(domain.InitiativeStatus, name="InitiativeStatus")
OfferStatus = strawberry.enum(domain.OfferStatus, name="OfferStatus")
NeedStatus = strawberry.enum(domain.NeedStatus, name="NeedStatus")
NeedKind = strawberry.enum(domain.NeedKind, name="NeedKind")
IpStatus = strawberry.enum(domain.IpStatus, name="IpStatus")
TransferMode = strawberry.enum(domain.TransferMode, name="TransferMode")


# --- shared pieces --------------------------------------------------------------------------


@strawberry.type(name="StField", description="A field or sector of the S&T classification.")
class StFieldType:
    code: str
    parent_code: str | None
    name_vi: str
    name_en: str

    @classmethod
    def of(cls, code: str | None) -> StFieldType | None:
        found = field_by_code(code) if code else None
        if found is None:
            return None
        return from_fields(cls, found)


@strawberry.type(
    name="StatusChange",
    description="A step of a listing's public timeline: the state, when, and the public reason.",
)
class StatusChangeType:
    status: str
    previous_status: str | None
    at: datetime
    reason: str | None
    _listing_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, change: domain.StatusChange) -> StatusChangeType:
        # The actor is deliberately not exposed: who reviewed is not public.
        return cls(
            status=change.to_status,
            previous_status=change.from_status,
            at=change.at,
            reason=change.reason,
            _listing_id=change.listing_id,
        )

    @strawberry.field(description="On the step that awarded a need: who won.")
    async def award(self, info: Info) -> NeedAwardType | None:
        if self.status != domain.NeedStatus.AWARDED.value:
            return None
        return await need_award(info, self._listing_id)


@strawberry.type(name="NeedAward", description="Who won a need or challenge. Public.")
class NeedAwardType:
    awarded_at: datetime
    _winner_id: strawberry.Private[UUID]
    _offer_id: strawberry.Private[UUID | None]

    @strawberry.field
    def winner(self, info: Info) -> OrganizationType:
        return organization(info, self._winner_id)

    @strawberry.field(description="The winner's offer named in the award, if any.")
    def offer_id(self) -> relay.GlobalID | None:
        return relay.GlobalID("TechnologyOffer", str(self._offer_id)) if self._offer_id else None


async def need_award(info: Info, need_id: UUID) -> NeedAwardType | None:
    found = await info.context.loaders.need_award_by_need.load(need_id)
    if found is None:
        return None
    return NeedAwardType(
        awarded_at=found.created_at,
        _winner_id=found.winner_organization_id,
        _offer_id=found.offer_id,
    )


async def timeline(info: Info, listing_id: UUID) -> list[StatusChangeType]:
    changes = await info.context.loaders.status_timeline_by_listing.load(listing_id)
    return [StatusChangeType.from_domain(c) for c in changes]


async def receipts(info: Info, listing_id: UUID) -> list[ReceiptType]:
    versions = await info.context.loaders.listing_versions_by_listing.load(listing_id)
    return [ReceiptType.from_domain(from_fields(Receipt, v)) for v in versions]


def _organization_type(org: Organization | None) -> OrganizationType:
    assert org is not None
    return OrganizationType.from_domain(org)


def organization(info: Info, organization_id: UUID) -> OrganizationType:
    """A listing's organisation: at once when the page preloaded it (see api/selection.py)."""
    return from_loader(info.context.loaders.organization_by_id, organization_id, _organization_type)


@strawberry.type(name="Contact")
class ContactType:
    name: str | None
    email: str | None
    phone: str | None


def contact_of(name: str | None, email: str | None, phone: str | None) -> ContactType | None:
    if name is None and email is None and phone is None:
        return None
    return ContactType(name=name, email=email, phone=phone)


@strawberry.type(name="ReceiptFile", description="An attachment as a receipt names it.")
class ReceiptFileType:
    name: str
    size_bytes: int
    sha256: str = strawberry.field(description="SHA-256 (hex) of the file's content.")


@strawberry.type(name="AuthorshipReceipt")
class ReceiptType:
    listing_kind: str
    listing_id: relay.GlobalID
    version: int
    digest: str = strawberry.field(description="SHA-256 (hex) of the canonical JSON content.")
    signed_at: datetime
    key_id: str
    signature: str = strawberry.field(description="Base64 Ed25519 signature.")
    algorithm: str = ALGORITHM
    format: str = strawberry.field(
        default=RECEIPT_FORMAT_V1,
        description=(
            "innovex-receipt/2 signs `files` too; innovex-receipt/1 (older receipts) does not."
        ),
    )
    files: list[ReceiptFileType] = strawberry.field(
        default_factory=list,
        description="The listing's attachments when the receipt was issued (format 2).",
    )

    @classmethod
    def from_domain(cls, receipt: Receipt) -> ReceiptType:
        type_name = {
            domain.ListingKind.INITIATIVE.value: "Initiative",
            domain.ListingKind.OFFER.value: "TechnologyOffer",
        }[receipt.listing_kind]
        return from_fields(
            cls,
            receipt,
            listing_id=relay.GlobalID(type_name, str(receipt.listing_id)),
            files=[from_fields(ReceiptFileType, f) for f in receipt.files],
        )


@strawberry.type(
    name="Attachment",
    description=(
        "Metadata of a document attached to a listing (the file is stored elsewhere). "
        "Confidential, like a description."
    ),
)
class AttachmentType(relay.Node):
    id: relay.NodeID[str]
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str = strawberry.field(description="SHA-256 (hex) of the document's content.")
    caption: str | None
    created_at: datetime
    stored: bool = strawberry.field(
        description="Whether Innovex keeps the file (ask attachmentDownloadLink for it)."
    )

    @classmethod
    def from_domain(cls, a: attachments_domain.Attachment) -> AttachmentType:
        return from_fields(cls, a.metadata, a, id=str(a.id), stored=a.storage_key is not None)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AttachmentType | None]:
        actor = await info.context.actor_or_anonymous()
        return await resolve_by_uuid(
            node_ids,
            partial(info.context.uow.attachments.get_many_readable, actor),
            cls.from_domain,
        )


async def listing_attachments(info: Info, listing_id: UUID) -> list[AttachmentType]:
    found = await info.context.loaders.attachments_by_listing.load(listing_id)
    return [AttachmentType.from_domain(a) for a in found]


ATTACHMENTS = "Metadata of attached documents (confidential: others read an empty list)."


@strawberry.type(
    name="Provenance",
    description="Where a listing from another exchange comes from (pushed to this one, or "
    "pulled from a centre's feed); shown as 'from the <sourceName>'.",
)
class ProvenanceType:
    source_code: str = strawberry.field(
        description="The exchange's code here: the pushing exchange's organisation id, or the "
        "code a pulled centre is configured with (FEDERATION_CENTRE_CODE)."
    )
    source_name: str = strawberry.field(description="The exchange's name, e.g. its organisation.")
    external_id: str = strawberry.field(description="The record's id at its source.")
    source_updated_at: datetime = strawberry.field(
        description="When the source last changed it (the newest applied)."
    )


async def listing_provenance(info: Info, listing_id: UUID) -> ProvenanceType | None:
    found = await info.context.loaders.provenance_by_listing.load(listing_id)
    if found is None:
        return None
    return ProvenanceType(
        source_code=found.source_code,
        source_name=found.source_name,
        external_id=found.external_id,
        source_updated_at=found.source_updated_at,
    )
