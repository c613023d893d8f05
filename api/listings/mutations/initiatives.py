"""Mutations of initiatives: drafts, submission with a receipt, lifecycle moves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import Locale
from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.shared import (
    Identified,
    ListingIdInput,
    ListingReasonInput,
    create_listing,
)
from api.listings.types.initiatives import InitiativeType
from api.listings.types.shared import InitiativeStatus, IpStatus, ReceiptType
from api.relay import parse_global_id
from domain import listings as domain
from domain.fields import from_fields
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
        return from_fields(
            domain.InitiativeContent,
            self,
            keywords=tuple(self.keywords),
            co_authors=tuple(
                from_fields(
                    domain.CoAuthor,
                    a,
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
        initiative_id=_initiative_id(input),
        now=ctx.now(),
    )
    return InitiativeSubmitted(
        initiative=InitiativeType.from_domain(initiative),
        receipt=ReceiptType.from_domain(receipt),
    )


async def _moved(
    info: Info, move: Callable[..., Awaitable[domain.Initiative]], input: Identified, **more: Any
) -> InitiativeMoved:
    ctx = info.context
    moved = await ctx.act(move, initiative_id=_initiative_id(input), now=ctx.now(), **more)
    return InitiativeMoved(initiative=InitiativeType.from_domain(moved))


def _initiative_id(input: Identified) -> UUID:
    return parse_global_id(input.id, "Initiative")


@strawberry.type
class InitiativesMutation:
    @strawberry.mutation(description="Register a draft initiative for one of your organisations.")
    @payload
    async def create_initiative(
        self, info: Info, input: CreateInitiativeInput
    ) -> CreateInitiativeResult:
        created = await create_listing(info, uc.create_initiative, input)
        return InitiativeSaved(initiative=InitiativeType.from_domain(created))

    @strawberry.mutation(description="Edit a draft, or an initiative sent back for revision.")
    @payload
    async def update_initiative(
        self, info: Info, input: UpdateInitiativeInput
    ) -> UpdateInitiativeResult:
        updated = await info.context.act(
            uc.update_initiative,
            initiative_id=_initiative_id(input),
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
        return await _moved(info, uc.withdraw_initiative, input, reason=input.reason)

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
        return await _moved(
            info, uc.transition_initiative, input, target=input.to, reason=input.reason
        )
