"""Mutations of connections, their threads and deals. Each returns a payload union."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from api.connections.types import (
    LISTING_TYPE_NAMES,
    ConnectionMessageType,
    ConnectionRequestType,
    DeclineReason,
)
from api.context import Info
from api.errors import ErrorPayload, payload
from api.relay import invalid_input, parse_global_id
from domain import connections as domain
from domain.errors import ValidationCode
from domain.services import connections as uc


def _listing_id(global_id: relay.GlobalID) -> relay.GlobalID:
    if global_id.type_name not in LISTING_TYPE_NAMES.values():
        raise invalid_input(
            ("listingId",),
            ValidationCode.INVALID_FORMAT,
            "is not the id of an initiative, technology offer or need",
        )
    return global_id


def connection_id_of(global_id: relay.GlobalID) -> UUID:
    return parse_global_id(global_id, "ConnectionRequest", "connectionId")


@strawberry.input
class RequestConnectionInput:
    listing_id: relay.GlobalID
    requester_organization_id: relay.GlobalID
    intro: str = ""
    acknowledge_nda: bool = strawberry.field(
        default=False,
        description="Accept the platform NDA now (it can also be done later, with "
        "acknowledgeNda; confidential access starts only once it is).",
    )


@strawberry.type
class ConnectionChanged:
    connection: ConnectionRequestType


RequestConnectionResult = Annotated[
    ConnectionChanged | ErrorPayload, strawberry.union("RequestConnectionResult")
]
ConnectionChangeResult = Annotated[
    ConnectionChanged | ErrorPayload, strawberry.union("ConnectionChangeResult")
]


@strawberry.input
class ConnectionInput:
    connection_id: relay.GlobalID


@strawberry.input
class DeclineConnectionInput:
    connection_id: relay.GlobalID
    reason: DeclineReason  # type: ignore[valid-type]
    note: str | None = strawberry.field(default=None, description="Required for OTHER.")


@strawberry.input
class PostConnectionMessageInput:
    connection_id: relay.GlobalID
    body: str


@strawberry.type
class ConnectionMessagePosted:
    # Not `message`: every error member of the union has a `message: String!`.
    connection_message: ConnectionMessageType


PostConnectionMessageResult = Annotated[
    ConnectionMessagePosted | ErrorPayload, strawberry.union("PostConnectionMessageResult")
]


async def _changed(
    info: Info, change: Callable[..., Awaitable[domain.Connection]], input: ConnectionInput
) -> ConnectionChanged:
    """The moves that take nothing but the connection differ only in their use case."""
    connection = await info.context.act(change, connection_id=connection_id_of(input.connection_id))
    return ConnectionChanged(connection=ConnectionRequestType.from_domain(connection))


@strawberry.type
class ConnectionsMutation:
    @strawberry.mutation(
        description="Express interest in a listing on behalf of your organisation."
    )
    @payload
    async def request_connection(
        self, info: Info, input: RequestConnectionInput
    ) -> RequestConnectionResult:
        ctx = info.context
        listing = _listing_id(input.listing_id)
        cmd = uc.RequestConnection(
            listing_id=parse_global_id(listing, listing.type_name, "listingId"),
            requester_organization_id=parse_global_id(
                input.requester_organization_id, "Organization", "requesterOrganizationId"
            ),
            intro=input.intro,
            acknowledge_nda=input.acknowledge_nda,
        )
        connection = await ctx.act(uc.request_connection, cmd)
        return ConnectionChanged(connection=ConnectionRequestType.from_domain(connection))

    @strawberry.mutation(description="The requester acknowledges the platform NDA.")
    @payload
    async def acknowledge_nda(self, info: Info, input: ConnectionInput) -> ConnectionChangeResult:
        return await _changed(info, uc.acknowledge_nda, input)

    @strawberry.mutation(description="The listing's owner accepts a pending request.")
    @payload
    async def accept_connection(self, info: Info, input: ConnectionInput) -> ConnectionChangeResult:
        return await _changed(info, uc.accept_connection, input)

    @strawberry.mutation(description="The listing's owner declines, with a coded reason.")
    @payload
    async def decline_connection(
        self, info: Info, input: DeclineConnectionInput
    ) -> ConnectionChangeResult:
        ctx = info.context
        cmd = uc.DeclineConnection(
            connection_id=connection_id_of(input.connection_id),
            reason=input.reason,
            note=input.note,
        )
        connection = await ctx.act(uc.decline_connection, cmd)
        return ConnectionChanged(connection=ConnectionRequestType.from_domain(connection))

    @strawberry.mutation(description="Either party moves an accepted connection to negotiation.")
    @payload
    async def start_negotiation(self, info: Info, input: ConnectionInput) -> ConnectionChangeResult:
        return await _changed(info, uc.start_negotiation, input)

    @strawberry.mutation(
        description="The requester withdraws a pending request, or a party ends a conversation."
    )
    @payload
    async def close_connection(self, info: Info, input: ConnectionInput) -> ConnectionChangeResult:
        return await _changed(info, uc.close_connection, input)

    @strawberry.mutation(description="Write in the connection's thread (the two parties).")
    @payload
    async def post_connection_message(
        self, info: Info, input: PostConnectionMessageInput
    ) -> PostConnectionMessageResult:
        ctx = info.context
        cmd = uc.PostMessage(connection_id=connection_id_of(input.connection_id), body=input.body)
        message = await ctx.act(uc.post_message, cmd)
        return ConnectionMessagePosted(
            connection_message=ConnectionMessageType.from_domain(message)
        )
