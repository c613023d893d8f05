"""GraphQL types of federation and open data."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from db.federation.feed import feed_item_json
from domain.federation import feed as fd
from domain.federation import inbound as ib
from domain.federation import keys as kd
from domain.federation import webhooks as wd
from domain.fields import from_fields

ApiKeyScope = strawberry.enum(kd.ApiKeyScope, name="ApiKeyScope")
RecordType = strawberry.enum(fd.RecordType, name="RecordType")
ChangeOp = strawberry.enum(fd.ChangeOp, name="ChangeOp")
WebhookStatus = strawberry.enum(wd.SubscriptionStatus, name="WebhookStatus")
DeliveryStatus = strawberry.enum(wd.DeliveryStatus, name="WebhookDeliveryStatus")
PushedKind = strawberry.enum(ib.PushedKind, name="PushedKind")
PushOutcome = strawberry.enum(ib.PushOutcome, name="PushOutcome")


@strawberry.type(name="ApiKey")
class ApiKeyType:
    id: strawberry.ID
    organization_id: strawberry.ID
    label: str
    prefix: str = strawberry.field(description="Public part of the secret, to tell keys apart.")
    scopes: list[ApiKeyScope]  # type: ignore[valid-type]
    rate_limit_per_minute: int
    expires_at: datetime | None
    created_at: datetime
    rotated_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def from_domain(cls, key: kd.ApiKey) -> ApiKeyType:
        return from_fields(
            cls,
            key,
            id=strawberry.ID(str(key.id)),
            organization_id=strawberry.ID(str(key.organization_id)),
            scopes=sorted(key.scopes),
        )


@strawberry.type(name="Change")
class ChangeType:
    cursor: str
    type: RecordType  # type: ignore[valid-type]
    id: strawberry.ID
    op: ChangeOp  # type: ignore[valid-type]
    event: str
    committed_at: datetime
    schema: str = strawberry.field(description="URL of the JSON Schema the record follows.")
    record: JSON | None = strawberry.field(description="Public projection; null: tombstone.")

    @classmethod
    def from_item(cls, item: fd.FeedItem, base_url: str) -> ChangeType:
        as_json: dict[str, Any] = feed_item_json(item, base_url)
        return cls(
            cursor=item.cursor,
            type=item.record_type,
            id=strawberry.ID(item.record_id),
            op=item.op,
            event=item.event_type,
            committed_at=item.committed_at,
            schema=as_json["schema"],
            record=cast(JSON, item.record),
        )


@strawberry.type
class Changes:
    items: list[ChangeType]
    end_cursor: str = strawberry.field(description="Pass as `after` for the next page.")
    has_more: bool


@strawberry.type(name="WebhookDelivery")
class WebhookDeliveryType:
    message_id: str
    event_type: str
    status: DeliveryStatus  # type: ignore[valid-type]
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None

    @classmethod
    def from_domain(cls, d: wd.WebhookDelivery) -> WebhookDeliveryType:
        return from_fields(cls, d)


@strawberry.type(name="WebhookSubscription")
class WebhookSubscriptionType:
    id: strawberry.ID
    organization_id: strawberry.ID
    url: str
    event_types: list[str]
    status: WebhookStatus  # type: ignore[valid-type]
    consecutive_failures: int
    created_at: datetime
    recent_deliveries: list[WebhookDeliveryType] = strawberry.field(
        description="The latest deliveries, newest first (on listing queries)."
    )

    @classmethod
    def from_domain(
        cls, s: wd.WebhookSubscription, deliveries: list[wd.WebhookDelivery] | None = None
    ) -> WebhookSubscriptionType:
        return from_fields(
            cls,
            s,
            id=strawberry.ID(str(s.id)),
            organization_id=strawberry.ID(str(s.organization_id)),
            event_types=list(s.event_types),
            recent_deliveries=[WebhookDeliveryType.from_domain(d) for d in deliveries or []],
        )


@strawberry.type
class PushedListing:
    external_id: str
    outcome: PushOutcome  # type: ignore[valid-type]
    listing_id: strawberry.ID = strawberry.field(description="The local listing's UUID.")
