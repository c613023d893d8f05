"""Mutations for listings. Each returns a payload union; expected failures change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import Locale
from api.context import Context, Info
from api.errors import (
    Conflict,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    ValidationError,
    run_mutation,
)
from api.listings.types import (
    AttachmentType,
    FundProfileType,
    InitiativeStatus,
    InitiativeType,
    IpStatus,
    NeedKind,
    NeedType,
    ReceiptType,
    TechnologyOfferType,
    TransferMode,
    Vnd,
)
from api.relay import parse_global_id
from domain import listings as domain
from domain.attachments import AttachmentMetadata
from domain.errors import FieldIssue, InvalidInput, ValidationCode
from domain.receipts import ReceiptSigner
from domain.services import attachments as attachments_uc
from domain.services import listings as uc

T = TypeVar("T")

# --- inputs ---------------------------------------------------------------------------------


@strawberry.input
class CoAuthorInput:
    name: str
    share_percent: Decimal = strawberry.field(description="Contribution share; all sum to 100.")
    affiliation: str | None = None
    user_id: relay.GlobalID | None = None


@strawberry.input(description="An initiative's content. Drafts may leave fields empty.")
class InitiativeInput:
    title: str
    summary: str | None = None
    description: str | None = strawberry.field(default=None, description="Confidential.")
    problem: str | None = None
    solution: str | None = strawberry.field(default=None, description="Confidential.")
    advantages: str | None = None
    field_code: str | None = None
    keywords: list[str] = strawberry.field(default_factory=list)
    trl: int | None = None
    ip_status: IpStatus = IpStatus.NONE  # type: ignore[valid-type]
    ip_number: str | None = None
    target_users: str | None = None
    expected_impact: str | None = None
    province_code: str | None = None
    language: Locale = Locale.VI  # type: ignore[valid-type]
    co_authors: list[CoAuthorInput] = strawberry.field(default_factory=list)

    def to_domain(self) -> domain.InitiativeContent:
        return domain.InitiativeContent(
            title=self.title,
            summary=self.summary,
            description=self.description,
            problem=self.problem,
            solution=self.solution,
            advantages=self.advantages,
            field_code=self.field_code,
            keywords=tuple(self.keywords),
            trl=self.trl,
            ip_status=self.ip_status,
            ip_number=self.ip_number,
            target_users=self.target_users,
            expected_impact=self.expected_impact,
            province_code=self.province_code,
            language=self.language,
            co_authors=tuple(
                domain.CoAuthor(
                    name=a.name,
                    share_percent=a.share_percent,
                    affiliation=a.affiliation,
                    user_id=parse_global_id(a.user_id, "User", f"coAuthors.{i}.userId")
                    if a.user_id is not None
                    else None,
                )
                for i, a in enumerate(self.co_authors)
            ),
        )


@strawberry.input
class CreateInitiativeInput:
    organization_id: relay.GlobalID
    content: InitiativeInput


@strawberry.input
class UpdateInitiativeInput:
    id: relay.GlobalID
    content: InitiativeInput


@strawberry.input
class ListingIdInput:
    id: relay.GlobalID


@strawberry.input
class ListingReasonInput:
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Public.")


@strawberry.input
class TransitionInitiativeInput:
    id: relay.GlobalID
    to: InitiativeStatus  # type: ignore[valid-type]
    reason: str | None = strawberry.field(
        default=None, description="Public; required for decisions and revision requests."
    )


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


@strawberry.input(description="A need or challenge. Drafts may leave fields empty.")
class NeedInput:
    title: str
    kind: NeedKind = NeedKind.REQUEST  # type: ignore[valid-type]
    problem_statement: str | None = None
    desired_outcome: str | None = None
    constraints: str | None = None
    min_trl: int | None = None
    budget_min_vnd: Vnd | None = None
    budget_max_vnd: Vnd | None = None
    deadline: date | None = None
    province_code: str | None = None
    field_code: str | None = None
    keywords: list[str] = strawberry.field(default_factory=list)
    prize_vnd: Vnd | None = strawberry.field(default=None, description="Challenges only.")
    order_commitment: str | None = strawberry.field(default=None, description="Challenges only.")
    contact_name: str | None = strawberry.field(default=None, description="Confidential.")
    contact_email: str | None = strawberry.field(default=None, description="Confidential.")
    contact_phone: str | None = strawberry.field(default=None, description="Confidential.")

    def to_domain(self) -> domain.NeedContent:
        return domain.NeedContent(
            title=self.title,
            kind=self.kind,
            problem_statement=self.problem_statement,
            desired_outcome=self.desired_outcome,
            constraints=self.constraints,
            min_trl=self.min_trl,
            budget_min_vnd=self.budget_min_vnd,
            budget_max_vnd=self.budget_max_vnd,
            deadline=self.deadline,
            province_code=self.province_code,
            field_code=self.field_code,
            keywords=tuple(self.keywords),
            prize_vnd=self.prize_vnd,
            order_commitment=self.order_commitment,
            contact_name=self.contact_name,
            contact_email=self.contact_email,
            contact_phone=self.contact_phone,
        )


@strawberry.input
class CreateNeedInput:
    organization_id: relay.GlobalID
    content: NeedInput


@strawberry.input
class UpdateNeedInput:
    id: relay.GlobalID
    content: NeedInput


@strawberry.input
class UpsertFundProfileInput:
    organization_id: relay.GlobalID
    thesis: str
    field_codes: list[str] = strawberry.field(default_factory=list)
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_vnd: Vnd | None = None
    ticket_max_vnd: Vnd | None = None
    province_codes: list[str] = strawberry.field(default_factory=list)


@strawberry.input(
    description=(
        "Metadata of a document stored elsewhere, attached to an initiative, technology offer "
        "or need. Confidential."
    )
)
class AddAttachmentInput:
    listing_id: relay.GlobalID = strawberry.field(
        description="An Initiative, TechnologyOffer or Need."
    )
    file_name: str = strawberry.field(description="1 to 255 characters, no path separators.")
    media_type: str = strawberry.field(description="A common document or image type.")
    size_bytes: int = strawberry.field(description="1 byte to 50 MB.")
    sha256: str = strawberry.field(description="SHA-256 of the content, 64 hex characters.")
    caption: str | None = None


@strawberry.input
class RemoveAttachmentInput:
    id: relay.GlobalID


_ATTACHABLE: dict[str, domain.ListingKind] = {
    "Initiative": domain.ListingKind.INITIATIVE,
    "TechnologyOffer": domain.ListingKind.OFFER,
    "Need": domain.ListingKind.NEED,
}


def _attachable(listing_id: relay.GlobalID) -> tuple[domain.ListingKind, UUID]:
    kind = _ATTACHABLE.get(listing_id.type_name)
    if kind is None:
        raise InvalidInput(
            [
                FieldIssue(
                    ("listingId",),
                    ValidationCode.INVALID_FORMAT,
                    "is not the id of an Initiative, TechnologyOffer or Need",
                )
            ]
        )
    return kind, parse_global_id(listing_id, listing_id.type_name, "listingId")


# --- payloads -------------------------------------------------------------------------------


@strawberry.type
class InitiativeSaved:
    initiative: InitiativeType


@strawberry.type
class InitiativeSubmitted:
    initiative: InitiativeType
    receipt: ReceiptType


@strawberry.type
class InitiativeMoved:
    initiative: InitiativeType


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


@strawberry.type
class NeedSaved:
    need: NeedType


@strawberry.type
class NeedMoved:
    need: NeedType


@strawberry.type
class FundProfileSaved:
    fund_profile: FundProfileType
    created: bool


@strawberry.type
class AttachmentAdded:
    attachment: AttachmentType


@strawberry.type
class AttachmentRemoved:
    removed_attachment_id: relay.GlobalID


_E = ValidationError | NotAuthenticated | NotAllowed | NotFound | Conflict

CreateInitiativeResult = Annotated[InitiativeSaved | _E, strawberry.union("CreateInitiativeResult")]
UpdateInitiativeResult = Annotated[InitiativeSaved | _E, strawberry.union("UpdateInitiativeResult")]
SubmitInitiativeResult = Annotated[
    InitiativeSubmitted | _E, strawberry.union("SubmitInitiativeResult")
]
ResubmitInitiativeResult = Annotated[
    InitiativeSubmitted | _E, strawberry.union("ResubmitInitiativeResult")
]
WithdrawInitiativeResult = Annotated[
    InitiativeMoved | _E, strawberry.union("WithdrawInitiativeResult")
]
TransitionInitiativeResult = Annotated[
    InitiativeMoved | _E, strawberry.union("TransitionInitiativeResult")
]
CreateOfferResult = Annotated[OfferSaved | _E, strawberry.union("CreateOfferResult")]
UpdateOfferResult = Annotated[OfferSaved | _E, strawberry.union("UpdateOfferResult")]
SubmitOfferResult = Annotated[OfferSubmitted | _E, strawberry.union("SubmitOfferResult")]
ApproveOfferResult = Annotated[OfferMoved | _E, strawberry.union("ApproveOfferResult")]
WithdrawOfferResult = Annotated[OfferMoved | _E, strawberry.union("WithdrawOfferResult")]
RenewOfferResult = Annotated[OfferMoved | _E, strawberry.union("RenewOfferResult")]
MarkOfferNegotiatingResult = Annotated[
    OfferMoved | _E, strawberry.union("MarkOfferNegotiatingResult")
]
MarkOfferTransferredResult = Annotated[
    OfferMoved | _E, strawberry.union("MarkOfferTransferredResult")
]
CreateNeedResult = Annotated[NeedSaved | _E, strawberry.union("CreateNeedResult")]
UpdateNeedResult = Annotated[NeedSaved | _E, strawberry.union("UpdateNeedResult")]
PublishNeedResult = Annotated[NeedMoved | _E, strawberry.union("PublishNeedResult")]
CloseNeedResult = Annotated[NeedMoved | _E, strawberry.union("CloseNeedResult")]
AwardNeedResult = Annotated[NeedMoved | _E, strawberry.union("AwardNeedResult")]
UpsertFundProfileResult = Annotated[
    FundProfileSaved | _E, strawberry.union("UpsertFundProfileResult")
]
AddAttachmentResult = Annotated[AttachmentAdded | _E, strawberry.union("AddAttachmentResult")]
RemoveAttachmentResult = Annotated[
    AttachmentRemoved | _E, strawberry.union("RemoveAttachmentResult")
]


def _signer(ctx: Context) -> ReceiptSigner:
    signer: ReceiptSigner = ctx.deps.extras["receipt_signer"]
    return signer


def _now(ctx: Context) -> datetime:
    now: datetime = ctx.deps.clock.now()
    return now


async def _run(ctx: Context, action: Callable[[], Awaitable[T]]) -> T | Any:
    return await run_mutation(ctx.uow.rollback, action)


async def _move_need(
    ctx: Context, input: ListingIdInput | ListingReasonInput, target: domain.NeedStatus
) -> NeedMoved | Any:
    async def action() -> NeedMoved:
        actor = await ctx.actor()
        moved = await uc.move_need(
            ctx.uow,
            actor,
            need_id=parse_global_id(input.id, "Need"),
            target=target,
            reason=getattr(input, "reason", None),
            now=_now(ctx),
        )
        return NeedMoved(need=NeedType.from_domain(moved))

    return await _run(ctx, action)


@strawberry.type
class ListingsMutation:
    # --- initiatives ---

    @strawberry.mutation(description="Register a draft initiative for one of your organisations.")
    async def create_initiative(
        self, info: Info, input: CreateInitiativeInput
    ) -> CreateInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeSaved:
            actor = await ctx.actor()
            org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
            created = await uc.create_initiative(
                ctx.uow,
                actor,
                organization_id=org_id,
                content=input.content.to_domain(),
                now=_now(ctx),
            )
            return InitiativeSaved(initiative=InitiativeType.from_domain(created))

        return await _run(ctx, action)

    @strawberry.mutation(description="Edit a draft, or an initiative sent back for revision.")
    async def update_initiative(
        self, info: Info, input: UpdateInitiativeInput
    ) -> UpdateInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeSaved:
            actor = await ctx.actor()
            updated = await uc.update_initiative(
                ctx.uow,
                actor,
                initiative_id=parse_global_id(input.id, "Initiative"),
                content=input.content.to_domain(),
            )
            return InitiativeSaved(initiative=InitiativeType.from_domain(updated))

        return await _run(ctx, action)

    @strawberry.mutation(description="Submit a draft; returns a signed authorship receipt.")
    async def submit_initiative(self, info: Info, input: ListingIdInput) -> SubmitInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeSubmitted:
            actor = await ctx.actor()
            initiative, receipt = await uc.submit_initiative(
                ctx.uow,
                actor,
                _signer(ctx),
                initiative_id=parse_global_id(input.id, "Initiative"),
                now=_now(ctx),
            )
            return InitiativeSubmitted(
                initiative=InitiativeType.from_domain(initiative),
                receipt=ReceiptType.from_domain(receipt),
            )

        return await _run(ctx, action)

    @strawberry.mutation(description="Resubmit after a revision request; returns a new receipt.")
    async def resubmit_initiative(
        self, info: Info, input: ListingIdInput
    ) -> ResubmitInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeSubmitted:
            actor = await ctx.actor()
            initiative, receipt = await uc.resubmit_initiative(
                ctx.uow,
                actor,
                _signer(ctx),
                initiative_id=parse_global_id(input.id, "Initiative"),
                now=_now(ctx),
            )
            return InitiativeSubmitted(
                initiative=InitiativeType.from_domain(initiative),
                receipt=ReceiptType.from_domain(receipt),
            )

        return await _run(ctx, action)

    @strawberry.mutation(description="Withdraw an initiative before a decision.")
    async def withdraw_initiative(
        self, info: Info, input: ListingReasonInput
    ) -> WithdrawInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeMoved:
            actor = await ctx.actor()
            moved = await uc.withdraw_initiative(
                ctx.uow,
                actor,
                initiative_id=parse_global_id(input.id, "Initiative"),
                reason=input.reason,
                now=_now(ctx),
            )
            return InitiativeMoved(initiative=InitiativeType.from_domain(moved))

        return await _run(ctx, action)

    @strawberry.mutation(
        description=(
            "Move an initiative along its lifecycle: screening, review, revision request, "
            "decision, publication (operators); commercialisation (owner or operators)."
        )
    )
    async def transition_initiative(
        self, info: Info, input: TransitionInitiativeInput
    ) -> TransitionInitiativeResult:
        ctx = info.context

        async def action() -> InitiativeMoved:
            actor = await ctx.actor()
            moved = await uc.transition_initiative(
                ctx.uow,
                actor,
                initiative_id=parse_global_id(input.id, "Initiative"),
                target=input.to,
                reason=input.reason,
                now=_now(ctx),
            )
            return InitiativeMoved(initiative=InitiativeType.from_domain(moved))

        return await _run(ctx, action)

    # --- technology offers ---

    @strawberry.mutation
    async def create_offer(self, info: Info, input: CreateOfferInput) -> CreateOfferResult:
        ctx = info.context

        async def action() -> OfferSaved:
            actor = await ctx.actor()
            org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
            created = await uc.create_offer(
                ctx.uow,
                actor,
                organization_id=org_id,
                content=input.content.to_domain(),
                now=_now(ctx),
            )
            return OfferSaved(offer=TechnologyOfferType.from_domain(created))

        return await _run(ctx, action)

    @strawberry.mutation(description="Edit a draft offer.")
    async def update_offer(self, info: Info, input: UpdateOfferInput) -> UpdateOfferResult:
        ctx = info.context

        async def action() -> OfferSaved:
            actor = await ctx.actor()
            updated = await uc.update_offer(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                content=input.content.to_domain(),
            )
            return OfferSaved(offer=TechnologyOfferType.from_domain(updated))

        return await _run(ctx, action)

    @strawberry.mutation(description="Submit an offer for approval; returns a signed receipt.")
    async def submit_offer(self, info: Info, input: ListingIdInput) -> SubmitOfferResult:
        ctx = info.context

        async def action() -> OfferSubmitted:
            actor = await ctx.actor()
            offer, receipt = await uc.submit_offer(
                ctx.uow,
                actor,
                _signer(ctx),
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                now=_now(ctx),
            )
            return OfferSubmitted(
                offer=TechnologyOfferType.from_domain(offer),
                receipt=ReceiptType.from_domain(receipt),
            )

        return await _run(ctx, action)

    @strawberry.mutation(description="Operators list a pending offer, or return it as a draft.")
    async def approve_offer(self, info: Info, input: ApproveOfferInput) -> ApproveOfferResult:
        ctx = info.context

        async def action() -> OfferMoved:
            actor = await ctx.actor()
            moved = await uc.approve_offer(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                approved=input.approved,
                reason=input.reason,
                now=_now(ctx),
            )
            return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

        return await _run(ctx, action)

    @strawberry.mutation
    async def withdraw_offer(self, info: Info, input: ListingReasonInput) -> WithdrawOfferResult:
        ctx = info.context

        async def action() -> OfferMoved:
            actor = await ctx.actor()
            moved = await uc.withdraw_offer(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                reason=input.reason,
                now=_now(ctx),
            )
            return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

        return await _run(ctx, action)

    @strawberry.mutation(description="Extend a listed offer, or list an expired one again.")
    async def renew_offer(self, info: Info, input: RenewOfferInput) -> RenewOfferResult:
        ctx = info.context

        async def action() -> OfferMoved:
            actor = await ctx.actor()
            moved = await uc.renew_offer(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                until=input.until,
                now=_now(ctx),
            )
            return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

        return await _run(ctx, action)

    @strawberry.mutation
    async def mark_offer_negotiating(
        self, info: Info, input: ListingIdInput
    ) -> MarkOfferNegotiatingResult:
        ctx = info.context

        async def action() -> OfferMoved:
            actor = await ctx.actor()
            moved = await uc.mark_offer_negotiating(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                now=_now(ctx),
            )
            return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

        return await _run(ctx, action)

    @strawberry.mutation
    async def mark_offer_transferred(
        self, info: Info, input: ListingReasonInput
    ) -> MarkOfferTransferredResult:
        ctx = info.context

        async def action() -> OfferMoved:
            actor = await ctx.actor()
            moved = await uc.mark_offer_transferred(
                ctx.uow,
                actor,
                offer_id=parse_global_id(input.id, "TechnologyOffer"),
                reason=input.reason,
                now=_now(ctx),
            )
            return OfferMoved(offer=TechnologyOfferType.from_domain(moved))

        return await _run(ctx, action)

    # --- needs ---

    @strawberry.mutation
    async def create_need(self, info: Info, input: CreateNeedInput) -> CreateNeedResult:
        ctx = info.context

        async def action() -> NeedSaved:
            actor = await ctx.actor()
            org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
            created = await uc.create_need(
                ctx.uow,
                actor,
                organization_id=org_id,
                content=input.content.to_domain(),
                now=_now(ctx),
            )
            return NeedSaved(need=NeedType.from_domain(created))

        return await _run(ctx, action)

    @strawberry.mutation(description="Edit a draft need.")
    async def update_need(self, info: Info, input: UpdateNeedInput) -> UpdateNeedResult:
        ctx = info.context

        async def action() -> NeedSaved:
            actor = await ctx.actor()
            updated = await uc.update_need(
                ctx.uow,
                actor,
                need_id=parse_global_id(input.id, "Need"),
                content=input.content.to_domain(),
            )
            return NeedSaved(need=NeedType.from_domain(updated))

        return await _run(ctx, action)

    @strawberry.mutation(description="Open a draft need to suppliers.")
    async def publish_need(self, info: Info, input: ListingIdInput) -> PublishNeedResult:
        return await _move_need(info.context, input, domain.NeedStatus.OPEN)

    @strawberry.mutation
    async def close_need(self, info: Info, input: ListingReasonInput) -> CloseNeedResult:
        return await _move_need(info.context, input, domain.NeedStatus.CLOSED)

    @strawberry.mutation(description="Award a need or challenge (a public reason is required).")
    async def award_need(self, info: Info, input: ListingReasonInput) -> AwardNeedResult:
        return await _move_need(info.context, input, domain.NeedStatus.AWARDED)

    # --- fund profiles ---

    @strawberry.mutation(description="Create or replace a fund organisation's investment thesis.")
    async def upsert_fund_profile(
        self, info: Info, input: UpsertFundProfileInput
    ) -> UpsertFundProfileResult:
        ctx = info.context

        async def action() -> FundProfileSaved:
            actor = await ctx.actor()
            org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
            saved = await uc.upsert_fund_profile(
                ctx.uow,
                actor,
                organization_id=org_id,
                content=domain.FundThesis(
                    thesis=input.thesis,
                    field_codes=tuple(input.field_codes),
                    trl_min=input.trl_min,
                    trl_max=input.trl_max,
                    ticket_min_vnd=input.ticket_min_vnd,
                    ticket_max_vnd=input.ticket_max_vnd,
                    province_codes=tuple(input.province_codes),
                ),
            )
            return FundProfileSaved(
                fund_profile=FundProfileType.from_domain(saved.profile), created=saved.created
            )

        return await _run(ctx, action)

    # --- attachments ---

    @strawberry.mutation(
        description=(
            "Record a document's metadata on an initiative (draft or revision requested), "
            "offer (draft) or need (draft or open). Members of the owner organisation."
        )
    )
    async def add_attachment(self, info: Info, input: AddAttachmentInput) -> AddAttachmentResult:
        ctx = info.context

        async def action() -> AttachmentAdded:
            actor = await ctx.actor()
            kind, listing_id = _attachable(input.listing_id)
            added = await attachments_uc.add_attachment(
                ctx.uow,
                actor,
                listing_kind=kind,
                listing_id=listing_id,
                metadata=AttachmentMetadata(
                    file_name=input.file_name,
                    media_type=input.media_type,
                    size_bytes=input.size_bytes,
                    sha256=input.sha256,
                    caption=input.caption,
                ),
            )
            return AttachmentAdded(attachment=AttachmentType.from_domain(added))

        return await _run(ctx, action)

    @strawberry.mutation(
        description=(
            "Remove an attachment: members of the owner organisation while they may add one, "
            "operators at any time."
        )
    )
    async def remove_attachment(
        self, info: Info, input: RemoveAttachmentInput
    ) -> RemoveAttachmentResult:
        ctx = info.context

        async def action() -> AttachmentRemoved:
            actor = await ctx.actor()
            removed = await attachments_uc.remove_attachment(
                ctx.uow, actor, attachment_id=parse_global_id(input.id, "Attachment")
            )
            return AttachmentRemoved(
                removed_attachment_id=relay.GlobalID("Attachment", str(removed.id))
            )

        return await _run(ctx, action)
