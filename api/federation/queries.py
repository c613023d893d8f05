"""Queries: the change feed (public) and an organisation's keys and webhooks (owner/operator)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import organization_id_of
from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, NotFound, ValidationError, payload
from api.federation.types import (
    ApiKeyType,
    Changes,
    ChangeType,
    RecordType,
    WebhookSubscriptionType,
)
from db.federation.feed import read_feed
from domain import errors as domain_errors
from domain.federation.feed import decode_cursor, encode_cursor, page_size
from domain.federation.keys import ApiKeyScope
from domain.services import federation as uc

ChangesResult = Annotated[Changes | ValidationError | NotAllowed, strawberry.union("ChangesResult")]


@strawberry.type
class ApiKeyList:
    keys: list[ApiKeyType]


@strawberry.type
class WebhookSubscriptionList:
    subscriptions: list[WebhookSubscriptionType]


ApiKeyListResult = Annotated[
    ApiKeyList | NotAuthenticated | NotAllowed | ValidationError,
    strawberry.union("ApiKeyListResult"),
]
WebhookListResult = Annotated[
    WebhookSubscriptionList | NotAuthenticated | NotAllowed | ValidationError | NotFound,
    strawberry.union("WebhookListResult"),
]


@strawberry.type
class FederationQuery:
    @strawberry.field(
        description="Public change feed: every change of a public record, in commit order. "
        "Also streamed as NDJSON at GET /feed?after=CURSOR."
    )
    @payload
    async def changes(
        self,
        info: Info,
        after: str | None = None,
        first: int | None = 100,
        kinds: list[RecordType] | None = None,  # type: ignore[valid-type]
    ) -> ChangesResult:
        ctx = info.context
        principal = ctx.api_key
        if principal is not None and not (
            principal.has(ApiKeyScope.READ_FEED) or principal.has(ApiKeyScope.READ_PUBLIC)
        ):
            raise domain_errors.NotAllowed(
                domain_errors.NotAllowedCode.MISSING_ROLE, "This API key may not read the feed."
            )
        position = decode_cursor(after)
        size = page_size(first)
        items = await read_feed(ctx.session, position, size + 1, kinds or None)
        base = (ctx.deps.public_base_url or str(ctx.request.base_url)).rstrip("/")
        page = items[:size]
        return Changes(
            items=[ChangeType.from_item(i, base) for i in page],
            end_cursor=page[-1].cursor if page else encode_cursor(position),
            has_more=len(items) > size,
        )

    @strawberry.field(description="An organisation's API keys (its owner and operators).")
    @payload
    async def api_keys(self, info: Info, organization_id: relay.GlobalID) -> ApiKeyListResult:
        ctx = info.context
        org = organization_id_of(organization_id)
        keys = await uc.list_api_keys(ctx.uow, await ctx.actor(), org)
        return ApiKeyList(keys=[ApiKeyType.from_domain(k) for k in keys])

    @strawberry.field(
        description="An organisation's webhook subscriptions with their latest deliveries."
    )
    @payload
    async def webhook_subscriptions(
        self, info: Info, organization_id: relay.GlobalID, deliveries: int = 10
    ) -> WebhookListResult:
        ctx = info.context
        org = organization_id_of(organization_id)
        actor = await ctx.actor_or_anonymous() if ctx.api_key else await ctx.actor()
        subs = await uc.list_webhooks(ctx.uow, actor, ctx.api_key, org)
        limit = max(0, min(deliveries, 100))
        recent = await ctx.uow.webhooks.deliveries([s.id for s in subs], limit)
        return WebhookSubscriptionList(
            subscriptions=[WebhookSubscriptionType.from_domain(s, recent[s.id]) for s in subs]
        )
