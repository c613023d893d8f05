"""Queries for listings: keyset connections, the public timeline, receipt verification."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import strawberry
from cryptography.hazmat.primitives import serialization
from strawberry import relay

from api.context import Info
from api.listings.types.funds import FundProfileType
from api.listings.types.initiatives import InitiativeType
from api.listings.types.listing_fields import hand_organizations
from api.listings.types.needs import NeedType
from api.listings.types.offers import TechnologyOfferType
from api.listings.types.shared import (
    InitiativeStatus,
    NeedKind,
    NeedStatus,
    OfferStatus,
    StatusChangeType,
    timeline,
)
from api.relay import (
    Connection,
    build_connection,
    invalid_input,
    page_request,
    parse_global_id,
)
from api.selection import preload, selects
from domain import listings as domain
from domain.accounts import Actor, Organization
from domain.errors import ValidationCode
from domain.fields import from_fields
from domain.receipts import (
    ALGORITHM,
    RECEIPT_FORMAT,
    RECEIPT_FORMAT_V1,
    Receipt,
    ReceiptFile,
    ReceiptSigner,
    check_receipt,
    receipt_files,
)


@strawberry.input
class InitiativeFilter:
    statuses: list[InitiativeStatus] | None = None  # type: ignore[valid-type]
    field_code: str | None = strawberry.field(
        default=None, description="A level-1 field code also matches its sectors."
    )
    province_code: str | None = None
    organization_id: relay.GlobalID | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    mine: bool = strawberry.field(
        default=False, description="Only listings of the caller's organisations."
    )


@strawberry.input
class OfferFilter:
    statuses: list[OfferStatus] | None = None  # type: ignore[valid-type]
    field_code: str | None = None
    province_code: str | None = None
    organization_id: relay.GlobalID | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    mine: bool = False


@strawberry.input
class NeedFilter:
    statuses: list[NeedStatus] | None = None  # type: ignore[valid-type]
    kind: NeedKind | None = None  # type: ignore[valid-type]
    field_code: str | None = None
    province_code: str | None = None
    organization_id: relay.GlobalID | None = None
    mine: bool = False


@strawberry.input
class FundFilter:
    field_code: str | None = None
    province_code: str | None = None
    trl: int | None = strawberry.field(default=None, description="Funds whose TRL range has it.")


def _to_domain(f: Any, *, need_kind: Any = None) -> domain.ListingFilter:
    if f is None:
        return domain.ListingFilter()
    org = (
        parse_global_id(f.organization_id, "Organization", "filter.organizationId")
        if f.organization_id is not None
        else None
    )
    return domain.ListingFilter(
        statuses=tuple(str(s.value) for s in f.statuses or ()),
        field_code=f.field_code,
        province_code=f.province_code,
        organization_id=org,
        trl_min=getattr(f, "trl_min", None),
        trl_max=getattr(f, "trl_max", None),
        mine=f.mine,
        need_kind=need_kind,
    )


async def _preload_organizations(
    info: Info, rows: Sequence[Any]
) -> Mapping[UUID, Organization | None]:
    """One batch for the page's organisations before its rows are completed, when selected."""
    if selects(info, "edges", "node", "organization") or selects(info, "nodes", "organization"):
        loader = info.context.loaders.organization_by_id
        return await preload(loader, (r.organization_id for r in rows))
    return {}


def _scope(name: str, f: Any) -> str:
    """Cursors are only valid for the same list with the same filter."""
    raw = json.dumps(strawberry.asdict(f) if f is not None else {}, sort_keys=True, default=str)
    return f"{name}:{raw}"


class _ListingPages(Protocol):
    async def list_page(
        self, actor: Actor, *, where: domain.ListingFilter, after: list[Any] | None, first: int
    ) -> Sequence[Any]: ...


# GraphQL node of each list's domain values.
_NODES: dict[str, Callable[[Any], Any]] = {
    "initiatives": InitiativeType.from_domain,
    "offers": TechnologyOfferType.from_domain,
    "needs": NeedType.from_domain,
}


async def _listings(
    info: Info,
    repository: _ListingPages,
    name: str,
    f: InitiativeFilter | OfferFilter | NeedFilter | None,
    first: int | None,
    after: str | None,
) -> Connection[Any]:
    """A page of the listings the caller may see, newest first, under the filter."""
    scope = _scope(name, f)
    page = page_request(scope, first, after)
    actor = await info.context.actor_or_anonymous()
    where = _to_domain(f, need_kind=f.kind if isinstance(f, NeedFilter) else None)
    found = await repository.list_page(actor, where=where, after=page.after, first=page.first)
    organizations = await _preload_organizations(info, found[: page.first])
    connection = build_connection(scope, found, page.first, _NODES[name])
    hand_organizations((edge.node for edge in connection.edges), organizations)
    return connection


@strawberry.input
class ReceiptFileInput:
    name: str
    size_bytes: int
    sha256: str


@strawberry.input
class ReceiptInput:
    listing_kind: str
    listing_id: relay.GlobalID
    version: int
    digest: str
    signed_at: datetime
    key_id: str
    signature: str
    format: str | None = strawberry.field(
        default=None,
        description="As in the receipt; unset: innovex-receipt/2 when `files` is given, else /1.",
    )
    files: list[ReceiptFileInput] | None = strawberry.field(
        default=None, description="The receipt's `files`, exactly (format 2)."
    )


@strawberry.type
class ReceiptVerification:
    genuine: bool = strawberry.field(
        description="Signed by this server's key, and not a byte of it altered."
    )
    matches_stored_version: bool = strawberry.field(
        description="And it is the receipt of a version stored here."
    )
    files_unchanged: bool | None = strawberry.field(
        description=(
            "For a receipt that names files (format 2) matching a stored version: whether the "
            "listing's attachments are still exactly those files (false when one was changed, "
            "added or removed since). Null otherwise."
        )
    )


@strawberry.type
class ReceiptPublicKey:
    key_id: str
    algorithm: str
    pem: str
    raw_base64: str = strawberry.field(description="The 32-byte Ed25519 public key, base64.")


def _signer(info: Info) -> ReceiptSigner:
    return info.context.deps.require_receipt_signer()


@strawberry.type
class ListingsQuery:
    @strawberry.field(description="Initiatives the caller may see, newest first.")
    async def initiatives(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: InitiativeFilter | None = None,
    ) -> Connection[InitiativeType]:
        repository = info.context.uow.initiatives
        return await _listings(info, repository, "initiatives", filter, first, after)

    @strawberry.field(description="Technology offers the caller may see, newest first.")
    async def technology_offers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: OfferFilter | None = None,
    ) -> Connection[TechnologyOfferType]:
        return await _listings(info, info.context.uow.offers, "offers", filter, first, after)

    @strawberry.field(description="Needs and challenges the caller may see, newest first.")
    async def needs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: NeedFilter | None = None,
    ) -> Connection[NeedType]:
        return await _listings(info, info.context.uow.needs, "needs", filter, first, after)

    @strawberry.field(description="Investment funds' theses, newest first. Public.")
    async def funds(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: FundFilter | None = None,
    ) -> Connection[FundProfileType]:
        scope = _scope("funds", filter)
        page = page_request(scope, first, after)
        f = filter or FundFilter()
        found = await info.context.uow.funds.list_page(
            after=page.after,
            first=page.first,
            field_code=f.field_code,
            province_code=f.province_code,
            trl=f.trl,
        )
        await _preload_organizations(info, found[: page.first])
        return build_connection(scope, found, page.first, FundProfileType.from_domain)

    @strawberry.field(
        description=(
            "The public status timeline of an initiative (state, time, public reason), readable "
            "by anyone even before it is published. Empty for an unknown id."
        )
    )
    async def initiative_timeline(self, info: Info, id: relay.GlobalID) -> list[StatusChangeType]:
        return await timeline(info, parse_global_id(id, "Initiative"))

    @strawberry.field(
        description="Whether an authorship receipt is genuine and matches a stored version."
    )
    async def verify_receipt(self, info: Info, receipt: ReceiptInput) -> ReceiptVerification:
        if receipt.listing_id.type_name not in {"Initiative", "TechnologyOffer"}:
            raise invalid_input(
                ("receipt", "listingId"),
                ValidationCode.INVALID_FORMAT,
                "is not the id of an initiative or an offer",
            )
        listing_id = parse_global_id(
            receipt.listing_id, receipt.listing_id.type_name, "receipt.listingId"
        )
        files = tuple(ReceiptFile(f.name, f.size_bytes, f.sha256) for f in receipt.files or ())
        claimed = Receipt(
            listing_kind=receipt.listing_kind,
            listing_id=listing_id,
            version=receipt.version,
            digest=receipt.digest,
            signed_at=receipt.signed_at,
            key_id=receipt.key_id,
            signature=receipt.signature,
            format=receipt.format
            or (RECEIPT_FORMAT if receipt.files is not None else RECEIPT_FORMAT_V1),
            files=files,
        )
        records = info.context.uow.listing_records
        stored_row = await records.stored_version(listing_id, receipt.version)
        stored = from_fields(Receipt, stored_row) if stored_row else None
        result = check_receipt(_signer(info), claimed, stored)
        unchanged = None
        if result.matches_stored_version and claimed.format == RECEIPT_FORMAT:
            # A boolean only: the current files are as confidential as the listing's.
            now = receipt_files(await records.attached_files(listing_id))
            unchanged = now == receipt_files(claimed.files)
        return ReceiptVerification(
            genuine=result.genuine,
            matches_stored_version=result.matches_stored_version,
            files_unchanged=unchanged,
        )

    @strawberry.field(description="The public key that signs authorship receipts.")
    def receipt_public_key(self, info: Info) -> ReceiptPublicKey:
        signer = _signer(info)
        pem = signer.public_key_pem()
        public = serialization.load_pem_public_key(pem.encode())
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return ReceiptPublicKey(
            key_id=signer.key_id,
            algorithm=ALGORITHM,
            pem=pem,
            raw_base64=base64.b64encode(raw).decode(),
        )
