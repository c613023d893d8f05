"""Mutations of initiatives: drafts, submission with a receipt, lifecycle moves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import Locale
from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.shared import ListingIdInput, ListingReasonInput
from api.listings.types.initiatives import InitiativeType
from api.listings.types.shared import InitiativeStatus, IpStatus, ReceiptType
from api.relay import parse_global_id
from domain import listings as domain
from domain.receipts import Receipt
from domain.services import listings as uc


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
class TransitionInitiativeInput:
    id: relay.GlobalID
    to: InitiativeStatus  # type: ignore[valid-type]
    reason: str | None = strawberry.field(
        default=None, description="Public; required for decisions and revision requests."
    )


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


CreateInitiativeResult = Annotated[
    InitiativeSaved | ErrorPayload, strawberry.union("CreateInitiativeResult")
]
UpdateInitiativeResult = Annotated[
    InitiativeSaved | ErrorPayload, strawberry.union("UpdateInitiativeResult")
]
SubmitInitiativeResult = Annotated[
    InitiativeSubmitted | ErrorPayload, strawberry.union("SubmitInitiativeResult")
]
ResubmitInitiativeResult = Annotated[
    InitiativeSubmitted | ErrorPayload, strawberry.union("ResubmitInitiativeResult")
]
WithdrawInitiativeResult = Annotated[
    InitiativeMoved | ErrorPayload, strawberry.union("WithdrawInitiativeResult")
]
TransitionInitiativeResult = Annotated[
    InitiativeMoved | ErrorPayload, strawberry.union("TransitionInitiativeResult")
]


async def _submitted(
    info: Info,
    input: ListingIdInput,
    submit: Callable[..., Awaitable[tuple[domain.Initiative, Receipt]]],
) -> InitiativeSubmitted:
    """First submission and resubmission differ only in the use case they call."""
    ctx = info.context
    initiative, receipt = await submit(
        ctx.uow,
        await ctx.actor(),
        ctx.deps.require_receipt_signer(),
        initiative_id=parse_global_id(input.id, "Initiative"),
        now=ctx.deps.clock.now(),
    )
    return InitiativeSubmitted(
        initiative=InitiativeType.from_domain(initiative),
        receipt=ReceiptType.from_domain(receipt),
    )


@strawberry.type
class InitiativesMutation:
    @strawberry.mutation(description="Register a draft initiative for one of your organisations.")
    @payload
    async def create_initiative(
        self, info: Info, input: CreateInitiativeInput
    ) -> CreateInitiativeResult:
        ctx = info.context
        actor = await ctx.actor()
        org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
        created = await uc.create_initiative(
            ctx.uow,
            actor,
            organization_id=org_id,
            content=input.content.to_domain(),
            now=ctx.deps.clock.now(),
        )
        return InitiativeSaved(initiative=InitiativeType.from_domain(created))

    @strawberry.mutation(description="Edit a draft, or an initiative sent back for revision.")
    @payload
    async def update_initiative(
        self, info: Info, input: UpdateInitiativeInput
    ) -> UpdateInitiativeResult:
        ctx = info.context
        actor = await ctx.actor()
        updated = await uc.update_initiative(
            ctx.uow,
            actor,
            initiative_id=parse_global_id(input.id, "Initiative"),
            content=input.content.to_domain(),
        )
        return InitiativeSaved(initiative=InitiativeType.from_domain(updated))

    @strawberry.mutation(description="Submit a draft; returns a signed authorship receipt.")
    @payload
    async def submit_initiative(self, info: Info, input: ListingIdInput) -> SubmitInitiativeResult:
        return await _submitted(info, input, uc.submit_initiative)

    @strawberry.mutation(description="Resubmit after a revision request; returns a new receipt.")
    @payload
    async def resubmit_initiative(
        self, info: Info, input: ListingIdInput
    ) -> ResubmitInitiativeResult:
        return await _submitted(info, input, uc.resubmit_initiative)

    @strawberry.mutation(description="Withdraw an initiative before a decision.")
    @payload
    async def withdraw_initiative(
        self, info: Info, input: ListingReasonInput
    ) -> WithdrawInitiativeResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.withdraw_initiative(
            ctx.uow,
            actor,
            initiative_id=parse_global_id(input.id, "Initiative"),
            reason=input.reason,
            now=ctx.deps.clock.now(),
        )
        return InitiativeMoved(initiative=InitiativeType.from_domain(moved))

    @strawberry.mutation(
        description=(
            "Move an initiative along its lifecycle: screening, review, revision request, "
            "decision, publication (operators); commercialisation (owner or operators)."
        )
    )
    @payload
    async def transition_initiative(
        self, info: Info, input: TransitionInitiativeInput
    ) -> TransitionInitiativeResult:
        ctx = info.context
        actor = await ctx.actor()
        moved = await uc.transition_initiative(
            ctx.uow,
            actor,
            initiative_id=parse_global_id(input.id, "Initiative"),
            target=input.to,
            reason=input.reason,
            now=ctx.deps.clock.now(),
        )
        return InitiativeMoved(initiative=InitiativeType.from_domain(moved))
