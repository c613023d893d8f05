"""Mutations: API keys, webhook subscriptions and pushes of federated listings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.accounts.types import organization_id_of
from api.context import Info
from api.errors import (
    ErrorPayload,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    ValidationError,
    payload,
)
from api.federation.types import (
    ApiKeyScope,
    ApiKeyType,
    PushedKind,
    PushedListing,
    WebhookSubscriptionType,
)
from domain.errors import ValidationCode, Validator
from domain.fields import from_fields
from domain.services import federation as uc
from domain.services import inbound as ib
from federation.validation import StandardValidator


def _uuid(value: strawberry.ID, path: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        v = Validator()
        v.add(path, ValidationCode.INVALID_FORMAT, "is not a valid id")
        v.check()
        raise AssertionError("unreachable") from None


def _record_object(value: object, index: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        v = Validator()
        v.add(f"records.{index}.record", ValidationCode.INVALID_FORMAT, "must be a JSON object")
        v.check()
    return cast(dict[str, Any], value)


@strawberry.input
class CreateApiKeyInput:
    organization_id: relay.GlobalID
    label: str
    scopes: list[ApiKeyScope]  # type: ignore[valid-type]
    expires_at: datetime | None = None
    rate_limit_per_minute: int | None = None


@strawberry.type
class ApiKeyIssued:
    api_key: ApiKeyType
    secret: str = strawberry.field(
        description="Shown once. Send as `Authorization: ApiKey <secret>` or `X-Api-Key`."
    )


@strawberry.type
class ApiKeyRevoked:
    api_key: ApiKeyType


ApiKeyIssuedResult = Annotated[ApiKeyIssued | ErrorPayload, strawberry.union("ApiKeyIssuedResult")]
ApiKeyRevokedResult = Annotated[
    ApiKeyRevoked | ErrorPayload, strawberry.union("ApiKeyRevokedResult")
]


@strawberry.input
class RegisterWebhookInput:
    organization_id: relay.GlobalID
    url: str
    event_types: list[str] = strawberry.field(
        description="e.g. offer.upserted, need.deleted (see the feed's `event`)."
    )
    secret: str | None = strawberry.field(
        default=None, description="A `whsec_` secret; generated when omitted."
    )


@strawberry.type
class WebhookRegistered:
    subscription: WebhookSubscriptionType
    secret: str = strawberry.field(description="Signing secret (Standard Webhooks); shown once.")


@strawberry.type
class WebhookChanged:
    subscription: WebhookSubscriptionType


@strawberry.type
class WebhookDeleted:
    id: strawberry.ID


WebhookRegisteredResult = Annotated[
    WebhookRegistered | ErrorPayload, strawberry.union("WebhookRegisteredResult")
]
WebhookChangedResult = Annotated[
    WebhookChanged | ValidationError | NotAuthenticated | NotAllowed | NotFound,
    strawberry.union("WebhookChangedResult"),
]
WebhookDeletedResult = Annotated[
    WebhookDeleted | ValidationError | NotAuthenticated | NotAllowed | NotFound,
    strawberry.union("WebhookDeletedResult"),
]


@strawberry.input
class PushedListingInput:
    kind: PushedKind  # type: ignore[valid-type]
    external_id: str
    updated_at: datetime = strawberry.field(description="When the source last changed it.")
    record: JSON = strawberry.field(
        description="The public record as the standard's schema of its kind (no id/source)."
    )


@strawberry.input
class PushListingsInput:
    records: list[PushedListingInput]


@strawberry.type
class ListingsPushed:
    results: list[PushedListing]


PushListingsResult = Annotated[
    ListingsPushed | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("PushListingsResult"),
]


@strawberry.type
class FederationMutation:
    @strawberry.mutation(description="Owner or operator: a key for a machine client.")
    @payload
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> ApiKeyIssuedResult:
        ctx = info.context
        cmd = from_fields(
            uc.CreateApiKey,
            input,
            organization_id=organization_id_of(input.organization_id),
            scopes=frozenset(input.scopes),
        )
        issued = await uc.create_api_key(ctx.uow, await ctx.actor(), cmd, ctx.deps.clock.now())
        return ApiKeyIssued(api_key=ApiKeyType.from_domain(issued.key), secret=issued.secret)

    @strawberry.mutation(description="A new secret for a key; the old one stops working.")
    @payload
    async def rotate_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyIssuedResult:
        ctx = info.context
        issued = await uc.rotate_api_key(ctx.uow, await ctx.actor(), _uuid(id, "id"))
        return ApiKeyIssued(api_key=ApiKeyType.from_domain(issued.key), secret=issued.secret)

    @strawberry.mutation(description="Revoke a key at once.")
    @payload
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyRevokedResult:
        ctx = info.context
        key = await uc.revoke_api_key(ctx.uow, await ctx.actor(), _uuid(id, "id"))
        return ApiKeyRevoked(api_key=ApiKeyType.from_domain(key))

    @strawberry.mutation(description="Subscribe a URL to feed events, signed deliveries.")
    @payload
    async def register_webhook(
        self, info: Info, input: RegisterWebhookInput
    ) -> WebhookRegisteredResult:
        ctx = info.context
        actor = await ctx.actor_or_anonymous() if ctx.api_key else await ctx.actor()
        cmd = from_fields(
            uc.RegisterWebhook,
            input,
            organization_id=organization_id_of(input.organization_id),
            event_types=list(input.event_types),
        )
        sub, secret = await uc.register_webhook(
            ctx.uow, actor, ctx.api_key, cmd, allow_http_hosts=ctx.deps.webhook_http_hosts
        )
        return WebhookRegistered(
            subscription=WebhookSubscriptionType.from_domain(sub), secret=secret
        )

    @strawberry.mutation(description="Resume a paused subscription; failed deliveries retry.")
    @payload
    async def resume_webhook(self, info: Info, id: strawberry.ID) -> WebhookChangedResult:
        ctx = info.context
        actor = await ctx.actor_or_anonymous() if ctx.api_key else await ctx.actor()
        sub = await uc.resume_webhook(ctx.uow, actor, ctx.api_key, _uuid(id, "id"))
        return WebhookChanged(subscription=WebhookSubscriptionType.from_domain(sub))

    @strawberry.mutation(description="Delete a subscription and its pending deliveries.")
    @payload
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> WebhookDeletedResult:
        ctx = info.context
        actor = await ctx.actor_or_anonymous() if ctx.api_key else await ctx.actor()
        deleted = await uc.delete_webhook(ctx.uow, actor, ctx.api_key, _uuid(id, "id"))
        return WebhookDeleted(id=strawberry.ID(str(deleted)))

    @strawberry.mutation(
        description="A federated exchange pushes its listings (API key with WRITE_LISTINGS): "
        "idempotent upsert by (exchange, externalId); see README for the conflict rule."
    )
    @payload
    async def push_listings(self, info: Info, input: PushListingsInput) -> PushListingsResult:
        ctx = info.context
        if ctx.api_key is None:
            await ctx.actor()  # a bad bearer token answers NotAuthenticated
        records = (
            ib.parse_records(
                [
                    (
                        str(getattr(r.kind, "value", r.kind)),
                        r.external_id,
                        r.updated_at,
                        _record_object(r.record, index),
                    )
                    for index, r in enumerate(input.records)
                ],
                StandardValidator(),
            )
            if ctx.api_key is not None
            else []
        )
        results = await ib.push_listings(ctx.uow, ctx.api_key, records)
        return ListingsPushed(
            results=[
                PushedListing(
                    external_id=r.external_id,
                    outcome=r.outcome,
                    listing_id=strawberry.ID(str(r.entity_id)),
                )
                for r in results
            ]
        )
