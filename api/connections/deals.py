"""Mutations of deals: one party records, the other confirms or disputes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

import strawberry
from strawberry import relay

from api.connections.mutations import ConnectionInput, connection_id_of
from api.connections.types import ConnectionRequestType, DealKind, DealType
from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.types.shared import Vnd
from api.relay import parse_global_id
from domain.connections import Connection
from domain.deals import Deal
from domain.services import deals as uc


@strawberry.input
class RecordDealInput:
    connection_id: relay.GlobalID
    kind: DealKind  # type: ignore[valid-type]
    signed_on: date
    value_vnd: Vnd | None = None
    other_party_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)


@strawberry.input
class DisputeDealInput:
    connection_id: relay.GlobalID
    reason: str = strawberry.field(description="Shown to both parties and operators.")


@strawberry.type
class DealRecorded:
    deal: DealType
    connection: ConnectionRequestType


@strawberry.type(description="The other party's answer: the deal is CONFIRMED or DISPUTED.")
class DealAnswered:
    deal: DealType
    connection: ConnectionRequestType


R = TypeVar("R", DealRecorded, DealAnswered)


async def _answer(
    info: Info, result: type[R], deal: Deal, connection: Connection | None = None
) -> R:
    """A deal payload: the deal and its connection (read again if the use case did not return
    it, to show the connection's new status)."""
    if connection is None:
        [connection] = await info.context.uow.connections.get_many([deal.connection_id])
    return result(
        deal=DealType.from_domain(deal), connection=ConnectionRequestType.from_domain(connection)
    )


RecordDealResult = Annotated[DealRecorded | ErrorPayload, strawberry.union("RecordDealResult")]
ConfirmDealResult = Annotated[DealAnswered | ErrorPayload, strawberry.union("ConfirmDealResult")]
DisputeDealResult = Annotated[DealAnswered | ErrorPayload, strawberry.union("DisputeDealResult")]


@strawberry.type
class DealsMutation:
    @strawberry.mutation(
        description="One party records the deal a connection ended in: it is PENDING until "
        "the other party confirms it. The recording organisation must be verified."
    )
    @payload
    async def record_deal(self, info: Info, input: RecordDealInput) -> RecordDealResult:
        ctx = info.context
        connection_id = connection_id_of(input.connection_id)
        cmd = uc.RecordDeal(
            connection_id=connection_id,
            kind=input.kind,
            signed_on=input.signed_on,
            value_vnd=input.value_vnd,
            other_party_ids=[
                parse_global_id(g, "Organization", "otherPartyIds") for g in input.other_party_ids
            ],
        )
        deal = await uc.record_deal(ctx.uow, await ctx.actor(), cmd)
        return await _answer(info, DealRecorded, deal)

    @strawberry.mutation(
        description="The other party confirms the pending deal; it then counts in totals and "
        "the connection moves to DEAL."
    )
    @payload
    async def confirm_deal(self, info: Info, input: ConnectionInput) -> ConfirmDealResult:
        ctx = info.context
        deal, connection = await uc.confirm_deal(
            ctx.uow, await ctx.actor(), connection_id=connection_id_of(input.connection_id)
        )
        return await _answer(info, DealAnswered, deal, connection)

    @strawberry.mutation(
        description="The other party disputes the pending deal with a reason; it never counts "
        "and a corrected deal may be recorded."
    )
    @payload
    async def dispute_deal(self, info: Info, input: DisputeDealInput) -> DisputeDealResult:
        ctx = info.context
        connection_id = connection_id_of(input.connection_id)
        deal = await uc.dispute_deal(
            ctx.uow, await ctx.actor(), uc.DisputeDeal(connection_id, input.reason)
        )
        return await _answer(info, DealAnswered, deal)
