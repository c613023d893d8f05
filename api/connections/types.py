"""GraphQL types of connections, their message threads and deals.

A ConnectionRequest is only ever handed to its two parties and operators (the queries and
node resolution filter on that), so its fields need no further guard.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import (
    OrganizationType,
    UserType,
    known_organization,
    organization_of,
    user_of,
)
from api.context import Info
from api.listings.types.shared import Vnd, vnd
from api.relay import Connection, build_connection, page_request, resolve_by_uuid
from domain import connections as domain
from domain import deals as deal_domain
from domain.fields import from_fields

ConnectionKind = strawberry.enum(domain.ConnectionKind, name="ConnectionKind")
ConnectionStatus = strawberry.enum(domain.ConnectionStatus, name="ConnectionStatus")
DeclineReason = strawberry.enum(domain.DeclineReason, name="DeclineReason")
DealKind = strawberry.enum(deal_domain.DealKind, name="DealKind")
DealStatus = strawberry.enum(deal_domain.DealStatus, name="DealStatus")

# GraphQL type names of the listings a connection points at.
LISTING_TYPE_NAMES = {"initiative": "Initiative", "offer": "TechnologyOffer", "need": "Need"}


@strawberry.type(name="ConnectedListing", description="Public facts of the listing connected to.")
class ConnectedListingType:
    kind: str
    title: str
    status: str
    _id: strawberry.Private[UUID]

    @strawberry.field(description="Global id: open it with node(id:).")
    def id(self) -> relay.GlobalID:
        return relay.GlobalID(LISTING_TYPE_NAMES.get(self.kind, self.kind), str(self._id))


class _OnConnection(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def connection_id(self) -> UUID: ...


OnConnectionT = TypeVar("OnConnectionT", bound=_OnConnection)


def _on_readable_connections(
    info: Info, fetch: Callable[[list[UUID]], Awaitable[list[OnConnectionT]]]
) -> Callable[[list[UUID]], Awaitable[list[OnConnectionT]]]:
    """`fetch` (messages or deals by id) keeping those whose connection the caller may read
    (its two parties and operators)."""

    async def readable(ids: list[UUID]) -> list[OnConnectionT]:
        items = await fetch(ids)
        actor = await info.context.actor_or_anonymous()
        connections = await info.context.uow.connections.get_many(
            list({i.connection_id for i in items})
        )
        allowed = {c.id for c in connections if domain.can_read(actor, c)}
        return [i for i in items if i.connection_id in allowed]

    return readable


@strawberry.type(name="ConnectionMessage")
class ConnectionMessageType(relay.Node):
    id: relay.NodeID[str]
    body: str
    created_at: datetime
    _author_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, m: domain.ConnectionMessage) -> ConnectionMessageType:
        return from_fields(cls, m, id=strawberry.ID(str(m.id)), _author_id=m.author_id)

    @strawberry.field
    async def author(self, info: Info) -> UserType | None:
        return await user_of(info, self._author_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ConnectionMessageType | None]:
        messages = _on_readable_connections(info, info.context.uow.connections.messages)
        return await resolve_by_uuid(node_ids, messages, cls.from_domain)


@strawberry.type(name="Deal")
class DealType(relay.Node):
    id: relay.NodeID[str]
    kind: DealKind  # type: ignore[valid-type]
    value_vnd: Vnd | None = strawberry.field(description="Null when the parties keep it private.")
    signed_on: date
    created_at: datetime
    status: DealStatus = strawberry.field(  # type: ignore[valid-type]
        description="PENDING until the other party confirms; only CONFIRMED deals count."
    )
    answered_at: datetime | None
    dispute_reason: str | None
    _party_ids: strawberry.Private[tuple[UUID, ...]]
    _recorded_for: strawberry.Private[UUID | None]

    @classmethod
    def from_domain(cls, d: deal_domain.Deal) -> DealType:
        return from_fields(
            cls,
            d,
            id=strawberry.ID(str(d.id)),
            value_vnd=vnd(d.value_vnd),
            _party_ids=d.party_ids,
            _recorded_for=d.recorded_for,
        )

    @strawberry.field(description="The party that recorded the deal; the other one answers.")
    async def recorded_by_organization(self, info: Info) -> OrganizationType | None:
        return await organization_of(info, self._recorded_for)

    @strawberry.field(description="Organisations party to the deal; the connection's first.")
    async def parties(self, info: Info) -> list[OrganizationType]:
        loader = info.context.loaders.organization_by_id
        found = await loader.load_many(list(self._party_ids))
        return [OrganizationType.from_domain(o) for o in found if o is not None]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[DealType | None]:
        deals = _on_readable_connections(info, info.context.uow.deals.get_many)
        return await resolve_by_uuid(node_ids, deals, cls.from_domain)


@strawberry.type(name="ConnectionRequest")
class ConnectionRequestType(relay.Node):
    id: relay.NodeID[str]
    kind: ConnectionKind  # type: ignore[valid-type]
    status: ConnectionStatus  # type: ignore[valid-type]
    intro: str
    nda_acknowledged: bool
    nda_version: str | None
    nda_acknowledged_at: datetime | None
    decline_reason: DeclineReason | None  # type: ignore[valid-type]
    decline_note: str | None
    grants_confidential_access: bool = strawberry.field(
        description="Whether the requester organisation now reads the listing's confidential "
        "fields: accepted (or later) and NDA acknowledged."
    )
    created_at: datetime
    updated_at: datetime
    entity: strawberry.Private[domain.Connection]

    @classmethod
    def from_domain(cls, c: domain.Connection) -> ConnectionRequestType:
        return from_fields(
            cls, c, id=str(c.id), grants_confidential_access=c.grants_access, entity=c
        )

    @strawberry.field
    async def listing(self, info: Info) -> ConnectedListingType | None:
        found = await info.context.loaders.listing_summary_by_id.load(self.entity.listing_id)
        if found is None:
            return None
        return ConnectedListingType(
            kind=found.kind.value, title=found.title, status=found.status, _id=found.id
        )

    @strawberry.field
    async def requester_organization(self, info: Info) -> OrganizationType:
        return await known_organization(info, self.entity.requester_organization_id)

    @strawberry.field
    async def owner_organization(self, info: Info) -> OrganizationType:
        return await known_organization(info, self.entity.owner_organization_id)

    @strawberry.field(description="The latest deal recorded for this connection, any status.")
    async def deal(self, info: Info) -> DealType | None:
        found = await info.context.loaders.deal_by_connection.load(self.entity.id)
        return DealType.from_domain(found) if found else None

    @strawberry.field(description="The thread, oldest first.")
    async def messages(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ConnectionMessageType]:
        scope = f"messages:{self.entity.id}"
        page = page_request(scope, first, after)
        after = json.dumps(page.after) if page.after is not None else ""
        found = await info.context.loaders.messages_page_by_connection.load(
            (self.entity.id, page.first, after)
        )
        return build_connection(
            scope,
            found,
            page.first,
            node=ConnectionMessageType.from_domain,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ConnectionRequestType | None]:
        actor = await info.context.actor_or_anonymous()

        async def readable(ids: list[UUID]) -> list[domain.Connection]:
            found = await info.context.uow.connections.get_many(ids)
            return [c for c in found if domain.can_read(actor, c)]

        return await resolve_by_uuid(node_ids, readable, cls.from_domain)


@strawberry.type(name="DealKindTotal")
class DealKindTotalType:
    kind: DealKind  # type: ignore[valid-type]
    count: int
    total_value_vnd: Vnd = strawberry.field(description="Sum of the disclosed values.")
    undisclosed: int = strawberry.field(description="Deals recorded without a value.")


@strawberry.type(name="DealsSummary")
class DealsSummaryType:
    since: date | None
    until: date | None
    by_kind: list[DealKindTotalType]
    count: int
    total_value_vnd: Vnd

    @classmethod
    def from_domain(
        cls, totals: list[deal_domain.DealTotals], since: date | None, until: date | None
    ) -> DealsSummaryType:
        grouped: dict[str, int] = defaultdict(int)
        for t in totals:
            grouped["count"] += t.count
            grouped["value"] += t.total_value_vnd
        return cls(
            since=since,
            until=until,
            by_kind=[
                DealKindTotalType(
                    kind=t.kind,
                    count=t.count,
                    total_value_vnd=Vnd(t.total_value_vnd),
                    undisclosed=t.undisclosed,
                )
                for t in totals
            ],
            count=grouped["count"],
            total_value_vnd=Vnd(grouped["value"]),
        )


CONNECTION_TYPES: list[type] = [ConnectionRequestType, ConnectionMessageType, DealType]
