"""Mutations of technology offers: drafts, approval, listing, renewal, transfer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.shared import ListingIdInput, ListingReasonInput
from api.listings.types.offers import TechnologyOfferType
from api.listings.types.shared import IpStatus, ReceiptType, TransferMode, Vnd
from api.relay import parse_global_id
from domain import listings as domain
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
        return domain.OfferContent(
            title=self.title,
            summary=self.summary,
            description=self.description,
            trl=self.trl,
            ip_status=self.ip_status,
            ip_number=self.ip_number,
            field_code=self.field_code,
            keywords=tuple(self.keywords),
            transfer_modes=tuple(self.transfer_modes),
            terms=self.terms,
            price_min_vnd=self.price_min_vnd,
            price_max_vnd=self.price_max_vnd,
            province_code=self.province_code,
            initiative_id=parse_global_id(self.initiative_id, "Initiative", "initiativeId")
            if self.initiative_id is not None
            else None,
            contact_name=self.contact_name,
            contact_email=self.contact_email,
            contact_phone=self.contact_phone,
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


@strawberry.type
class OffersMutation:
    @strawberry.mutation
    @payload
    async def create_offer(self, info: Info, input: CreateOfferInput) -> CreateOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
        created = await uc.create_offer(
            ctx.uow,
            actor,
            organization_id=org_id,
            content=input.content.to_domain(),
            now=ctx.deps.clock.now(),
        )
        return OfferSaved(offer=TechnologyOfferType.from_domain(created))

    @strawberry.mutation(description="Edit a draft offer.")
    @payload
    async def update_offer(self, info: Info, input: UpdateOfferInput) -> UpdateOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        updated = await uc.update_offer(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            content=input.content.to_domain(),
        )
        return OfferSaved(offer=TechnologyOfferType.from_domain(updated))

    @strawberry.mutation(description="Submit an offer for approval; returns a signed receipt.")
    @payload
    async def submit_offer(self, info: Info, input: ListingIdInput) -> SubmitOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        offer, receipt = await uc.submit_offer(
            ctx.uow,
            actor,
            ctx.deps.require_receipt_signer(),
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            now=ctx.deps.clock.now(),
        )
        return OfferSubmitted(
            offer=TechnologyOfferType.from_domain(offer),
            receipt=ReceiptType.from_domain(receipt),
        )

    @strawberry.mutation(description="Operators list a pending offer, or return it as a draft.")
    @payload
    async def approve_offer(self, info: Info, input: ApproveOfferInput) -> ApproveOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.approve_offer(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            approved=input.approved,
            reason=input.reason,
            now=ctx.deps.clock.now(),
        )
        return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

    @strawberry.mutation
    @payload
    async def withdraw_offer(self, info: Info, input: ListingReasonInput) -> WithdrawOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.withdraw_offer(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            reason=input.reason,
            now=ctx.deps.clock.now(),
        )
        return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

    @strawberry.mutation(description="Extend a listed offer, or list an expired one again.")
    @payload
    async def renew_offer(self, info: Info, input: RenewOfferInput) -> RenewOfferResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.renew_offer(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            until=input.until,
            now=ctx.deps.clock.now(),
        )
        return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

    @strawberry.mutation
    @payload
    async def mark_offer_negotiating(
        self, info: Info, input: ListingIdInput
    ) -> MarkOfferNegotiatingResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.mark_offer_negotiating(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            now=ctx.deps.clock.now(),
        )
        return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

    @strawberry.mutation
    @payload
    async def mark_offer_transferred(
        self, info: Info, input: ListingReasonInput
    ) -> MarkOfferTransferredResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.mark_offer_transferred(
            ctx.uow,
            actor,
            offer_id=parse_global_id(input.id, "TechnologyOffer"),
            reason=input.reason,
            now=ctx.deps.clock.now(),
        )
        return OfferMoved(offer=TechnologyOfferType.from_domain(moved))
