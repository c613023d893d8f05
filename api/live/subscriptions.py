"""GraphQL subscriptions over WebSocket (graphql-transport-ws): the portal's live events, each
subscriber seeing what its role may see. Authenticate with `{"authorization": "Bearer …"}` in
the `connection_init` payload; without it a subscriber is anonymous and sees public events."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry import relay

from api.context import Info
from api.listings.types.shared import Vnd
from domain import live_events as domain
from domain.fields import from_fields

logger = logging.getLogger("innovex.live")

LiveEventKind = strawberry.enum(domain.LiveEventKind, name="LiveEventKind")

_NODE_TYPES = {"initiative": "Initiative", "offer": "TechnologyOffer", "need": "Need"}


@strawberry.type(name="LiveEvent")
class LiveEventType:
    kind: LiveEventKind  # type: ignore[valid-type]
    listing_kind: str
    listing_id: relay.GlobalID
    status: str
    province_code: str | None
    field_code: str | None
    title: str | None = strawberry.field(description="Null for observers on unpublished listings.")
    at: datetime
    deal_kind: str | None
    value_vnd: Vnd | None = strawberry.field(description="Parties and overseers only.")

    @classmethod
    def from_domain(cls, e: domain.LiveEvent) -> LiveEventType:
        return from_fields(
            cls,
            e,
            listing_id=relay.GlobalID(
                _NODE_TYPES.get(e.listing_kind, "Listing"), str(e.listing_id)
            ),
            value_vnd=Vnd(e.value_vnd) if e.value_vnd is not None else None,
        )


@strawberry.type
class LiveSubscription:
    @strawberry.subscription(
        description="Submissions, decisions, publications, connections opened and deals as "
        "they are committed, from every API process: public events for anyone, an "
        "organisation's own for its members, all of their provinces for operators."
    )
    async def events(
        self,
        info: Info,
        kinds: list[LiveEventKind] | None = None,  # type: ignore[valid-type]
    ) -> AsyncGenerator[LiveEventType, None]:
        ctx = info.context
        actor = await ctx.actor_or_anonymous()
        # The session was for the token only: a long subscription holds no pooled connection.
        await ctx.holder.close()
        wanted = frozenset(kinds) if kinds else None
        hub = ctx.deps.require_event_hub()
        async with hub.subscribe() as queue:
            while True:
                raw = await queue.get()
                try:
                    event = domain.LiveEvent.from_payload(raw)
                except (KeyError, ValueError, TypeError):
                    logger.warning("unreadable live event dropped")
                    continue
                seen = domain.visible_to(actor, event)
                if seen is not None and (wanted is None or seen.kind in wanted):
                    yield LiveEventType.from_domain(seen)
