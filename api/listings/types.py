"""GraphQL types for initiatives, technology offers, needs and fund profiles.

Public fields are plain; confidential ones (descriptions, solutions, contact details) carry the
`CanReadConfidential` permission, which asks `domain.listings.can_read_confidential` and reads
null (an empty list for attachments) for everyone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NewType
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.permission import BasePermission

from api.accounts.types import Locale, OrganizationType, UserType
from api.context import Info
from api.permissions import confidential
from domain import attachments as attachments_domain
from domain import listings as domain
from domain.receipts import ALGORITHM, Receipt
from domain.taxonomy import field_by_code

# --- money ----------------------------------------------------------------------------------

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


def uuids(node_ids: Iterable[str]) -> list[UUID | None]:
    out: list[UUID | None] = []
    for node_id in node_ids:
        try:
            out.append(UUID(node_id))
        except ValueError:
            out.append(None)
    return out


# --- confidentiality ------------------------------------------------------------------------


async def confidential_access(info: Info, ref: domain.ListingRef) -> bool:
    """The one question, asked of the domain rule; the grant lookup is batched per request
    and skipped when the answer does not depend on it."""
    actor = await info.context.actor_or_anonymous()
    grants: set[UUID] = set()
    if domain.needs_grant_lookup(actor, ref):
        loader = info.context.loaders.confidential_grants(actor)
        if await loader.load(ref.id):
            grants.add(ref.id)
    return domain.can_read_confidential(actor, ref, grants)


class CanReadConfidential(BasePermission):
    message = "Only the owner organisation, operators and granted reviewers may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await confidential_access(info, source.listing_ref)


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
        return cls(
            code=found.code,
            parent_code=found.parent_code,
            name_vi=found.name_vi,
            name_en=found.name_en,
        )


@strawberry.type(
    name="StatusChange",
    description="A step of a listing's public timeline: the state, when, and the public reason.",
)
class StatusChangeType:
    status: str
    previous_status: str | None
    at: datetime
    reason: str | None

    @classmethod
    def from_domain(cls, change: domain.StatusChange) -> StatusChangeType:
        # The actor is deliberately not exposed: who reviewed is not public.
        return cls(
            status=change.to_status,
            previous_status=change.from_status,
            at=change.at,
            reason=change.reason,
        )


async def timeline(info: Info, listing_id: UUID) -> list[StatusChangeType]:
    changes = await info.context.loaders.status_timeline_by_listing.load(listing_id)
    return [StatusChangeType.from_domain(c) for c in changes]


async def receipts(info: Info, listing_id: UUID) -> list[ReceiptType]:
    versions = await info.context.loaders.listing_versions_by_listing.load(listing_id)
    return [
        ReceiptType.from_domain(
            Receipt(
                listing_kind=v.listing_kind,
                listing_id=v.listing_id,
                version=v.version,
                digest=v.digest,
                signed_at=v.signed_at,
                key_id=v.key_id,
                signature=v.signature,
            )
        )
        for v in versions
    ]


async def organization(info: Info, organization_id: UUID) -> OrganizationType:
    org = await info.context.loaders.organization_by_id.load(organization_id)
    assert org is not None
    return OrganizationType.from_domain(org)


@strawberry.type(name="Contact")
class ContactType:
    name: str | None
    email: str | None
    phone: str | None


def _contact(name: str | None, email: str | None, phone: str | None) -> ContactType | None:
    if name is None and email is None and phone is None:
        return None
    return ContactType(name=name, email=email, phone=phone)


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

    @classmethod
    def from_domain(cls, receipt: Receipt) -> ReceiptType:
        type_name = {
            domain.ListingKind.INITIATIVE.value: "Initiative",
            domain.ListingKind.OFFER.value: "TechnologyOffer",
        }[receipt.listing_kind]
        return cls(
            listing_kind=receipt.listing_kind,
            listing_id=relay.GlobalID(type_name, str(receipt.listing_id)),
            version=receipt.version,
            digest=receipt.digest,
            signed_at=receipt.signed_at,
            key_id=receipt.key_id,
            signature=receipt.signature,
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

    @classmethod
    def from_domain(cls, a: attachments_domain.Attachment) -> AttachmentType:
        m = a.metadata
        return cls(
            id=str(a.id),
            file_name=m.file_name,
            media_type=m.media_type,
            size_bytes=m.size_bytes,
            sha256=m.sha256,
            caption=m.caption,
            created_at=a.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AttachmentType | None]:
        ids = uuids(node_ids)
        actor = await info.context.actor_or_anonymous()
        found = {
            a.id: a
            for a in await info.context.uow.attachments.get_many_readable(
                actor, [i for i in ids if i]
            )
        }
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


async def listing_attachments(info: Info, listing_id: UUID) -> list[AttachmentType]:
    found = await info.context.loaders.attachments_by_listing.load(listing_id)
    return [AttachmentType.from_domain(a) for a in found]


_ATTACHMENTS = "Metadata of attached documents (confidential: others read an empty list)."


# --- initiatives ----------------------------------------------------------------------------


@strawberry.type(name="CoAuthor")
class CoAuthorType:
    name: str
    affiliation: str | None
    share_percent: Decimal
    _user_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def user(self, info: Info) -> UserType | None:
        if self._user_id is None:
            return None
        user = await info.context.loaders.user_by_id.load(self._user_id)
        return UserType.from_domain(user) if user else None


@strawberry.type(name="Initiative")
class InitiativeType(relay.Node):
    id: relay.NodeID[str]
    title: str
    summary: str | None
    problem: str | None
    advantages: str | None
    field_code: str | None
    keywords: list[str]
    trl: int | None
    ip_status: IpStatus  # type: ignore[valid-type]
    ip_number: str | None
    target_users: str | None
    expected_impact: str | None
    province_code: str | None
    language: Locale  # type: ignore[valid-type]
    status: InitiativeStatus  # type: ignore[valid-type]
    revision: int = strawberry.field(description="How many times it was (re)submitted.")
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.Initiative]

    @classmethod
    def from_domain(cls, i: domain.Initiative) -> InitiativeType:
        c = i.content
        return cls(
            id=str(i.id),
            title=c.title,
            summary=c.summary,
            problem=c.problem,
            advantages=c.advantages,
            field_code=c.field_code,
            keywords=list(c.keywords),
            trl=c.trl,
            ip_status=c.ip_status,
            ip_number=c.ip_number,
            target_users=c.target_users,
            expected_impact=c.expected_impact,
            province_code=c.province_code,
            language=c.language,
            status=i.status,
            revision=i.revision,
            created_at=i.created_at,
            updated_at=i.updated_at,
            status_changed_at=i.status_changed_at,
            _entity=i,
        )

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def description(self) -> str | None:
        return self._entity.content.description

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def solution(self) -> str | None:
        return self._entity.content.solution

    @strawberry.field
    def field(self) -> StFieldType | None:
        return StFieldType.of(self._entity.content.field_code)

    @strawberry.field
    def co_authors(self) -> list[CoAuthorType]:
        return [
            CoAuthorType(
                name=a.name,
                affiliation=a.affiliation,
                share_percent=a.share_percent,
                _user_id=a.user_id,
            )
            for a in self._entity.content.co_authors
        ]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await organization(info, self._entity.organization_id)

    @strawberry.field(description="Public: state, time and reason of every step.")
    async def status_timeline(self, info: Info) -> list[StatusChangeType]:
        return await timeline(info, self._entity.id)

    @strawberry.field(extensions=confidential(CanReadConfidential), description=_ATTACHMENTS)
    async def attachments(self, info: Info) -> list[AttachmentType]:
        return await listing_attachments(info, self._entity.id)

    @strawberry.field(
        extensions=confidential(CanReadConfidential),
        description="Authorship receipts of every submission (the owner and operators).",
    )
    async def receipts(self, info: Info) -> list[ReceiptType]:
        return await receipts(info, self._entity.id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[InitiativeType | None]:
        ids = uuids(node_ids)
        actor = await info.context.actor_or_anonymous()
        found = {
            i.id: i
            for i in await info.context.uow.initiatives.get_many_readable(
                actor, [i for i in ids if i]
            )
        }
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


# --- technology offers ----------------------------------------------------------------------


@strawberry.type(name="TechnologyOffer")
class TechnologyOfferType(relay.Node):
    id: relay.NodeID[str]
    title: str
    summary: str | None
    trl: int | None
    ip_status: IpStatus  # type: ignore[valid-type]
    ip_number: str | None
    field_code: str | None
    keywords: list[str]
    transfer_modes: list[TransferMode]  # type: ignore[valid-type]
    terms: str | None
    price_min_vnd: Vnd | None
    price_max_vnd: Vnd | None
    province_code: str | None
    status: OfferStatus  # type: ignore[valid-type]
    revision: int
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.TechnologyOffer]

    @classmethod
    def from_domain(cls, o: domain.TechnologyOffer) -> TechnologyOfferType:
        c = o.content
        return cls(
            id=str(o.id),
            title=c.title,
            summary=c.summary,
            trl=c.trl,
            ip_status=c.ip_status,
            ip_number=c.ip_number,
            field_code=c.field_code,
            keywords=list(c.keywords),
            transfer_modes=list(c.transfer_modes),
            terms=c.terms,
            price_min_vnd=vnd(c.price_min_vnd),
            price_max_vnd=vnd(c.price_max_vnd),
            province_code=c.province_code,
            status=o.status,
            revision=o.revision,
            expires_at=o.expires_at,
            created_at=o.created_at,
            updated_at=o.updated_at,
            status_changed_at=o.status_changed_at,
            _entity=o,
        )

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def description(self) -> str | None:
        return self._entity.content.description

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def contact(self) -> ContactType | None:
        c = self._entity.content
        return _contact(c.contact_name, c.contact_email, c.contact_phone)

    @strawberry.field
    def field(self) -> StFieldType | None:
        return StFieldType.of(self._entity.content.field_code)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await organization(info, self._entity.organization_id)

    @strawberry.field(description="The initiative this offer comes from, if the caller may see it.")
    async def initiative(self, info: Info) -> InitiativeType | None:
        initiative_id = self._entity.content.initiative_id
        if initiative_id is None:
            return None
        actor = await info.context.actor_or_anonymous()
        found = await info.context.loaders.initiative_by_id(actor).load(initiative_id)
        return InitiativeType.from_domain(found) if found else None

    @strawberry.field
    async def status_timeline(self, info: Info) -> list[StatusChangeType]:
        return await timeline(info, self._entity.id)

    @strawberry.field(extensions=confidential(CanReadConfidential), description=_ATTACHMENTS)
    async def attachments(self, info: Info) -> list[AttachmentType]:
        return await listing_attachments(info, self._entity.id)

    @strawberry.field(
        extensions=confidential(CanReadConfidential),
        description="Authorship receipts of every submission (the owner and operators).",
    )
    async def receipts(self, info: Info) -> list[ReceiptType]:
        return await receipts(info, self._entity.id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[TechnologyOfferType | None]:
        ids = uuids(node_ids)
        actor = await info.context.actor_or_anonymous()
        found = {
            o.id: o
            for o in await info.context.uow.offers.get_many_readable(actor, [i for i in ids if i])
        }
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


# --- needs ----------------------------------------------------------------------------------


@strawberry.type(name="Need", description="A technology need or challenge (bài toán).")
class NeedType(relay.Node):
    id: relay.NodeID[str]
    kind: NeedKind  # type: ignore[valid-type]
    title: str
    problem_statement: str | None
    desired_outcome: str | None
    constraints: str | None
    min_trl: int | None
    budget_min_vnd: Vnd | None
    budget_max_vnd: Vnd | None
    deadline: date | None
    province_code: str | None
    field_code: str | None
    keywords: list[str]
    prize_vnd: Vnd | None
    order_commitment: str | None
    status: NeedStatus  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.Need]

    @classmethod
    def from_domain(cls, n: domain.Need) -> NeedType:
        c = n.content
        return cls(
            id=str(n.id),
            kind=c.kind,
            title=c.title,
            problem_statement=c.problem_statement,
            desired_outcome=c.desired_outcome,
            constraints=c.constraints,
            min_trl=c.min_trl,
            budget_min_vnd=vnd(c.budget_min_vnd),
            budget_max_vnd=vnd(c.budget_max_vnd),
            deadline=c.deadline,
            province_code=c.province_code,
            field_code=c.field_code,
            keywords=list(c.keywords),
            prize_vnd=vnd(c.prize_vnd),
            order_commitment=c.order_commitment,
            status=n.status,
            created_at=n.created_at,
            updated_at=n.updated_at,
            status_changed_at=n.status_changed_at,
            _entity=n,
        )

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def contact(self) -> ContactType | None:
        c = self._entity.content
        return _contact(c.contact_name, c.contact_email, c.contact_phone)

    @strawberry.field
    def field(self) -> StFieldType | None:
        return StFieldType.of(self._entity.content.field_code)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await organization(info, self._entity.organization_id)

    @strawberry.field
    async def status_timeline(self, info: Info) -> list[StatusChangeType]:
        return await timeline(info, self._entity.id)

    @strawberry.field(extensions=confidential(CanReadConfidential), description=_ATTACHMENTS)
    async def attachments(self, info: Info) -> list[AttachmentType]:
        return await listing_attachments(info, self._entity.id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[NeedType | None]:
        ids = uuids(node_ids)
        actor = await info.context.actor_or_anonymous()
        found = {
            n.id: n
            for n in await info.context.uow.needs.get_many_readable(actor, [i for i in ids if i])
        }
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


# --- fund profiles --------------------------------------------------------------------------


@strawberry.type(name="FundProfile", description="An investment fund's public thesis.")
class FundProfileType(relay.Node):
    id: relay.NodeID[str]
    thesis: str
    field_codes: list[str]
    trl_min: int | None
    trl_max: int | None
    ticket_min_vnd: Vnd | None
    ticket_max_vnd: Vnd | None
    province_codes: list[str]
    created_at: datetime
    updated_at: datetime
    _organization_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, f: domain.FundProfile) -> FundProfileType:
        c = f.content
        return cls(
            id=str(f.id),
            thesis=c.thesis,
            field_codes=list(c.field_codes),
            trl_min=c.trl_min,
            trl_max=c.trl_max,
            ticket_min_vnd=vnd(c.ticket_min_vnd),
            ticket_max_vnd=vnd(c.ticket_max_vnd),
            province_codes=list(c.province_codes),
            created_at=f.created_at,
            updated_at=f.updated_at,
            _organization_id=f.organization_id,
        )

    @strawberry.field
    def fields(self) -> list[StFieldType]:
        return [f for f in (StFieldType.of(c) for c in self.field_codes) if f is not None]

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await organization(info, self._organization_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[FundProfileType | None]:
        ids = uuids(node_ids)
        found = {f.id: f for f in await info.context.uow.funds.get_many([i for i in ids if i])}
        return [cls.from_domain(found[i]) if i in found else None for i in ids]


LISTING_TYPES: tuple[type, ...] = (
    AttachmentType,
    InitiativeType,
    TechnologyOfferType,
    NeedType,
    FundProfileType,
)
