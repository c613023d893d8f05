"""Mutations of technology needs and challenges."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Context, Info
from api.errors import ErrorPayload, payload
from api.listings.mutations.shared import ListingIdInput, ListingReasonInput, create_listing
from api.listings.types.needs import NeedType
from api.listings.types.shared import NeedKind, Vnd
from api.relay import parse_global_id
from domain import listings as domain
from domain.fields import from_fields
from domain.services import awards as awards_uc
from domain.services import listings as uc


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
        return from_fields(domain.NeedContent, self, keywords=tuple(self.keywords))


@strawberry.input
class CreateNeedInput:
    organization_id: relay.GlobalID
    content: NeedInput


@strawberry.input
class UpdateNeedInput:
    id: relay.GlobalID
    content: NeedInput


@strawberry.input
class AwardNeedInput:
    id: relay.GlobalID
    winner_organization_id: relay.GlobalID
    reason: str = strawberry.field(description="Public.")
    connection_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The winner's proposal to this need."
    )
    offer_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The winner's public offer that won."
    )


@strawberry.type
class NeedSaved:
    need: NeedType


@strawberry.type
class NeedMoved:
    need: NeedType


CreateNeedResult = Annotated[NeedSaved | ErrorPayload, strawberry.union("CreateNeedResult")]
UpdateNeedResult = Annotated[NeedSaved | ErrorPayload, strawberry.union("UpdateNeedResult")]
PublishNeedResult = Annotated[NeedMoved | ErrorPayload, strawberry.union("PublishNeedResult")]
CloseNeedResult = Annotated[NeedMoved | ErrorPayload, strawberry.union("CloseNeedResult")]
AwardNeedResult = Annotated[NeedMoved | ErrorPayload, strawberry.union("AwardNeedResult")]


async def _move_need(
    ctx: Context, input: ListingIdInput | ListingReasonInput, target: domain.NeedStatus
) -> NeedMoved:
    moved = await ctx.act(
        uc.move_need,
        need_id=parse_global_id(input.id, "Need"),
        target=target,
        reason=getattr(input, "reason", None),
        now=ctx.now(),
    )
    return NeedMoved(need=NeedType.from_domain(moved))


@strawberry.type
class NeedsMutation:
    @strawberry.mutation
    @payload
    async def create_need(self, info: Info, input: CreateNeedInput) -> CreateNeedResult:
        created = await create_listing(info, uc.create_need, input)
        return NeedSaved(need=NeedType.from_domain(created))

    @strawberry.mutation(description="Edit a draft need.")
    @payload
    async def update_need(self, info: Info, input: UpdateNeedInput) -> UpdateNeedResult:
        updated = await info.context.act(
            uc.update_need,
            need_id=parse_global_id(input.id, "Need"),
            content=input.content.to_domain(),
        )
        return NeedSaved(need=NeedType.from_domain(updated))

    @strawberry.mutation(description="Open a draft need to suppliers.")
    @payload
    async def publish_need(self, info: Info, input: ListingIdInput) -> PublishNeedResult:
        return await _move_need(info.context, input, domain.NeedStatus.OPEN)

    @strawberry.mutation
    @payload
    async def close_need(self, info: Info, input: ListingReasonInput) -> CloseNeedResult:
        return await _move_need(info.context, input, domain.NeedStatus.CLOSED)

    @strawberry.mutation(
        description="Award a need or challenge to a named organisation (a public reason is "
        "required); the award shows on the need's public timeline."
    )
    @payload
    async def award_need(self, info: Info, input: AwardNeedInput) -> AwardNeedResult:
        ctx = info.context
        cmd = awards_uc.AwardNeed(
            need_id=parse_global_id(input.id, "Need"),
            winner_organization_id=parse_global_id(
                input.winner_organization_id, "Organization", "winnerOrganizationId"
            ),
            reason=input.reason,
            connection_id=parse_global_id(input.connection_id, "ConnectionRequest", "connectionId")
            if input.connection_id
            else None,
            offer_id=parse_global_id(input.offer_id, "TechnologyOffer", "offerId")
            if input.offer_id
            else None,
        )
        await awards_uc.award_need(ctx.uow, await ctx.actor(), cmd, now=ctx.deps.clock.now())
        need = await ctx.uow.needs.get(cmd.need_id)
        assert need is not None
        return NeedMoved(need=NeedType.from_domain(need))
