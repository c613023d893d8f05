"""Mutations of technology offers: drafts, approval, listing, renewal, transfer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.shared import (
    Identified,
    ListingIdInput,
    ListingReasonInput,
    create_listing,
)
from api.listings.types.offers import TechnologyOfferType
from api.listings.types.shared import IpStatus, ReceiptType, TransferMode, Vnd
from api.relay import parse_global_id
from domain import listings as domain
from domain.fields import from_fields
from domain.services import listings as uc


@strawberry.input(description="A technology offer's content. Drafts may leave fields empty.")
class OfferInput:
    title: str
    summary: str | None = None
    description: str | None = strawberry.field(default=None, description="Confidential.")
    trl: int | None = None
    ip_status: IpStatus = IpStatus.NONE  # type: ignore[valid-type]
    ip_number: str | None = None
    field_code: str | None = None
    keywords: list[str] = strawberry.field(default_factory=list)
    transfer_modes: list[TransferMode] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
    terms: str | None = None
    price_min_vnd: Vnd | None = None
    price_max_vnd: Vnd | None = None
    province_code: str | None = None
    initiative_id: relay.GlobalID | None = None
    contact_name: str | None = strawberry.field(default=None, description="Confidential.")
    contact_email: str | None = strawberry.field(default=None, description="Confidential.")
    contact_phone: str | None = strawberry.field(default=None, description="Confidential.")

    def to_domain(self) -> domain.OfferContent:
        initiative_id = self.initiative_id
        return from_fields(
            domain.OfferContent,
            self,
            keywords=tuple(self.keywords),
            transfer_modes=tuple(self.transfer_modes),
            initiative_id=parse_global_id(initiative_id, "Initiative", "initiativeId")
            if initiative_id is not None
            else None,
        )


@strawberry.input
class CreateOfferInput:
    organization_id: relay.GlobalID
    content: OfferInput


@strawberry.input
class UpdateOfferInput:
    id: relay.GlobalID
    content: OfferInput


@strawberry.input
class ApproveOfferInput:
    id: relay.GlobalID
    approved: bool = strawberry.field(
        default=True, description="False returns the offer to its owner as a draft."
    )
    reason: str | None = strawberry.field(default=None, description="Public.")


@strawberry.input
class RenewOfferInput:
    id: relay.GlobalID
    until: datetime


@strawberry.type
class OfferSaved:
    offer: TechnologyOfferType


@strawberry.type
class OfferSubmitted:
    offer: TechnologyOfferType
    receipt: ReceiptType


@strawberry.type
class OfferMoved:
    offer: TechnologyOfferType


CreateOfferResult = Annotated[OfferSaved | ErrorPayload, strawberry.union("CreateOfferResult")]
UpdateOfferResult = Annotated[OfferSaved | ErrorPayload, strawberry.union("UpdateOfferResult")]
SubmitOfferResult = Annotated[OfferSubmitted | ErrorPayload, strawberry.union("SubmitOfferResult")]
ApproveOfferResult = Annotated[OfferMoved | ErrorPayload, strawberry.union("ApproveOfferResult")]
WithdrawOfferResult = Annotated[OfferMoved | ErrorPayload, strawberry.union("WithdrawOfferResult")]
RenewOfferResult = Annotated[OfferMoved | ErrorPayload, strawberry.union("RenewOfferResult")]
MarkOfferNegotiatingResult = Annotated[
    OfferMoved | ErrorPayload, strawberry.union("MarkOfferNegotiatingResult")
]
MarkOfferTransferredResult = Annotated[
    OfferMoved | ErrorPayload, strawberry.union("MarkOfferTransferredResult")
]


async def _moved(
    info: Info,
    move: Callable[..., Awaitable[domain.TechnologyOffer]],
    offer: Identified,
    **more: Any,
) -> OfferMoved:
    """The lifecycle moves differ only in their use case and its extra arguments."""
    ctx = info.context
    moved = await ctx.act(move, offer_id=_offer_id(offer), now=ctx.now(), **more)
    return OfferMoved(offer=TechnologyOfferType.from_domain(moved))


def _offer_id(offer: Identified) -> UUID:
    return parse_global_id(offer.id, "TechnologyOffer")


@strawberry.type
class OffersMutation:
    @strawberry.mutation
    @payload
    async def create_offer(self, info: Info, input: CreateOfferInput) -> CreateOfferResult:
        created = await create_listing(info, uc.create_offer, input)
        return OfferSaved(offer=TechnologyOfferType.from_domain(created))

    @strawberry.mutation(description="Edit a draft offer.")
    @payload
    async def update_offer(self, info: Info, input: UpdateOfferInput) -> UpdateOfferResult:
        updated = await info.context.act(
            uc.update_offer, offer_id=_offer_id(input), content=input.content.to_domain()
        )
        return OfferSaved(offer=TechnologyOfferType.from_domain(updated))

    @strawberry.mutation(description="Submit an offer for approval; returns a signed receipt.")
    @payload
    async def submit_offer(self, info: Info, input: ListingIdInput) -> SubmitOfferResult:
        ctx = info.context
        offer, receipt = await ctx.act(
            uc.submit_offer,
            ctx.deps.require_receipt_signer(),
            offer_id=_offer_id(input),
            now=ctx.now(),
        )
        return OfferSubmitted(
            offer=TechnologyOfferType.from_domain(offer),
            receipt=ReceiptType.from_domain(receipt),
        )

    @strawberry.mutation(description="Operators list a pending offer, or return it as a draft.")
    @payload
    async def approve_offer(self, info: Info, input: ApproveOfferInput) -> ApproveOfferResult:
        return await _moved(
            info, uc.approve_offer, input, approved=input.approved, reason=input.reason
        )

    @strawberry.mutation
    @payload
    async def withdraw_offer(self, info: Info, input: ListingReasonInput) -> WithdrawOfferResult:
        return await _moved(info, uc.withdraw_offer, input, reason=input.reason)

    @strawberry.mutation(description="Extend a listed offer, or list an expired one again.")
    @payload
    async def renew_offer(self, info: Info, input: RenewOfferInput) -> RenewOfferResult:
        return await _moved(info, uc.renew_offer, input, until=input.until)

    @strawberry.mutation
    @payload
    async def mark_offer_negotiating(
        self, info: Info, input: ListingIdInput
    ) -> MarkOfferNegotiatingResult:
        return await _moved(info, uc.mark_offer_negotiating, input)

    @strawberry.mutation
    @payload
    async def mark_offer_transferred(
        self, info: Info, input: ListingReasonInput
    ) -> MarkOfferTransferredResult:
        return await _moved(info, uc.mark_offer_transferred, input, reason=input.reason)
