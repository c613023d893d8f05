"""Queries of connections and deals."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.connections.types import ConnectionRequestType, ConnectionStatus, DealsSummaryType
from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, ValidationError, payload
from api.relay import Connection, build_connection, page_request
from domain.services import deals as uc
from domain.services.accounts import require_user

DealsSummaryResult = Annotated[
    DealsSummaryType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("DealsSummaryResult"),
]


@strawberry.type
class ConnectionsQuery:
    @strawberry.field(
        description="Connections the caller's organisations are party to (operators: all), "
        "newest first."
    )
    async def connections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: ConnectionStatus | None = None,  # type: ignore[valid-type]
    ) -> Connection[ConnectionRequestType]:
        actor = await info.context.actor()
        require_user(actor)
        scope = f"connections:{status}"
        page = page_request(scope, first, after)
        found = await info.context.uow.connections.page_for_organizations(
            None if actor.is_staff else list(actor.memberships),
            after=page.after,
            first=page.first,
            status=status,
        )
        return build_connection(
            scope,
            found,
            page.first,
            node=ConnectionRequestType.from_domain,
        )

    @strawberry.field(
        description="Operators: confirmed deals signed in [since, until], by kind (a deal one "
        "side recorded counts once the other side confirms it)."
    )
    @payload
    async def deals_summary(
        self, info: Info, since: date | None = None, until: date | None = None
    ) -> DealsSummaryResult:
        ctx = info.context
        totals = await ctx.act(uc.deals_summary, since=since, until=until)
        return DealsSummaryType.from_domain(totals, since, until)
