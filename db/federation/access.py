"""Repositories of API keys and webhook subscriptions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.base import SqlRepository
from db.tables import api_keys, webhook_deliveries, webhook_subscriptions
from domain.federation.keys import ApiKey, ApiKeyScope, KeyPrincipal
from domain.federation.webhooks import (
    DeliveryStatus,
    SubscriptionStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from domain.fields import from_fields

_KEY_COLUMNS = [c for c in api_keys.c if c.name != "secret_hash"]


def _key(row: Any) -> ApiKey:
    return from_fields(ApiKey, row, scopes=frozenset(ApiKeyScope(s) for s in row.scopes))


class SqlApiKeyRepository(SqlRepository):
    async def add(
        self,
        *,
        organization_id: UUID,
        label: str,
        prefix: str,
        secret_hash: str,
        scopes: frozenset[ApiKeyScope],
        rate_limit_per_minute: int,
        expires_at: datetime | None,
        created_by: UUID | None,
    ) -> ApiKey:
        return await self._one(
            api_keys.insert()
            .values(
                organization_id=organization_id,
                label=label,
                prefix=prefix,
                secret_hash=secret_hash,
                scopes=sorted(s.value for s in scopes),
                rate_limit_per_minute=rate_limit_per_minute,
                expires_at=expires_at,
                created_by=created_by,
            )
            .returning(*_KEY_COLUMNS),
            _key,
        )

    async def get(self, key_id: UUID) -> ApiKey | None:
        return await self._first(select(*_KEY_COLUMNS).where(api_keys.c.id == key_id), _key)

    async def count_active(self, organization_id: UUID) -> int:
        return await self._count(
            api_keys.c.organization_id == organization_id, api_keys.c.revoked_at.is_(None)
        )

    async def list_for(self, organization_id: UUID) -> list[ApiKey]:
        return await self._all(
            select(*_KEY_COLUMNS)
            .where(api_keys.c.organization_id == organization_id)
            .order_by(api_keys.c.created_at, api_keys.c.id),
            _key,
        )

    async def set_secret(self, key_id: UUID, prefix: str, secret_hash: str) -> ApiKey:
        return await self._one(
            update(api_keys)
            .where(api_keys.c.id == key_id)
            .values(prefix=prefix, secret_hash=secret_hash, rotated_at=func.now())
            .returning(*_KEY_COLUMNS),
            _key,
        )

    async def revoke(self, key_id: UUID) -> ApiKey:
        return await self._one(
            update(api_keys)
            .where(api_keys.c.id == key_id)
            .values(revoked_at=func.now())
            .returning(*_KEY_COLUMNS),
            _key,
        )

    async def authenticate(self, secret_hash: str, now: datetime) -> KeyPrincipal | None:
        row = (
            await self._session.execute(
                select(
                    api_keys.c.id,
                    api_keys.c.organization_id,
                    api_keys.c.scopes,
                    api_keys.c.rate_limit_per_minute,
                    api_keys.c.last_used_at,
                ).where(
                    api_keys.c.secret_hash == secret_hash,
                    api_keys.c.revoked_at.is_(None),
                    (api_keys.c.expires_at.is_(None)) | (api_keys.c.expires_at > now),
                )
            )
        ).first()
        if row is None:
            return None
        return KeyPrincipal(
            key_id=row.id,
            organization_id=row.organization_id,
            scopes=frozenset(ApiKeyScope(s) for s in row.scopes),
            rate_limit_per_minute=row.rate_limit_per_minute,
        )


async def record_key_use(session: AsyncSession, key_id: UUID) -> None:
    """Last use, at most once a minute per key (a write per request would be the cost)."""
    await session.execute(
        update(api_keys)
        .where(
            api_keys.c.id == key_id,
            (api_keys.c.last_used_at.is_(None))
            | (api_keys.c.last_used_at < func.now() - func.make_interval(0, 0, 0, 0, 0, 1)),
        )
        .values(last_used_at=func.now())
    )


def _subscription(row: Any) -> WebhookSubscription:
    return from_fields(
        WebhookSubscription,
        row,
        event_types=tuple(row.event_types),
        status=SubscriptionStatus(row.status),
    )


_SUB_COLUMNS = [c for c in webhook_subscriptions.c if c.name != "secret"]


class SqlWebhookRepository(SqlRepository):
    async def add(
        self,
        *,
        organization_id: UUID,
        url: str,
        secret: str,
        event_types: Sequence[str],
        created_by: UUID | None,
    ) -> WebhookSubscription:
        return await self._one(
            webhook_subscriptions.insert()
            .values(
                organization_id=organization_id,
                url=url,
                secret=secret,
                event_types=list(event_types),
                created_by=created_by,
            )
            .returning(*_SUB_COLUMNS),
            _subscription,
        )

    async def get(self, subscription_id: UUID) -> WebhookSubscription | None:
        return await self._first(
            select(*_SUB_COLUMNS).where(webhook_subscriptions.c.id == subscription_id),
            _subscription,
        )

    async def count_for(self, organization_id: UUID) -> int:
        return await self._count(webhook_subscriptions.c.organization_id == organization_id)

    async def list_for(self, organization_id: UUID) -> list[WebhookSubscription]:
        return await self._all(
            select(*_SUB_COLUMNS)
            .where(webhook_subscriptions.c.organization_id == organization_id)
            .order_by(webhook_subscriptions.c.created_at, webhook_subscriptions.c.id),
            _subscription,
        )

    async def resume(self, subscription_id: UUID) -> WebhookSubscription:
        resumed = await self._one(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == subscription_id)
            .values(status="active", consecutive_failures=0, paused_at=None)
            .returning(*_SUB_COLUMNS),
            _subscription,
        )
        # Deliveries that gave up while it was failing are tried again.
        await self._session.execute(
            update(webhook_deliveries)
            .where(
                webhook_deliveries.c.subscription_id == subscription_id,
                webhook_deliveries.c.status == DeliveryStatus.FAILED.value,
            )
            .values(status="pending", attempts=0, next_attempt_at=func.now())
        )
        return resumed

    async def delete(self, subscription_id: UUID) -> None:
        await self._session.execute(
            delete(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription_id)
        )

    async def deliveries(
        self, subscription_ids: Sequence[UUID], limit: int
    ) -> dict[UUID, list[WebhookDelivery]]:
        """The latest `limit` deliveries of each subscription, newest first, in one statement
        (a LATERAL scan of the (subscription_id, id) index per subscription)."""
        found: dict[UUID, list[WebhookDelivery]] = {s: [] for s in subscription_ids}
        if not subscription_ids or limit <= 0:
            return found
        d = webhook_deliveries.c
        subscriptions = (
            select(webhook_subscriptions.c.id)
            .where(webhook_subscriptions.c.id.in_(list(subscription_ids)))
            .subquery()
        )
        latest = (
            select(
                d.id,
                d.subscription_id,
                d.message_id,
                d.event_type,
                d.status,
                d.attempts,
                d.last_status_code,
                d.last_error,
                d.created_at,
                d.delivered_at,
            )
            .where(d.subscription_id == subscriptions.c.id)
            .order_by(d.id.desc())
            .limit(limit)
            .lateral()
        )
        rows = await self._session.execute(
            select(latest)
            .select_from(subscriptions.join(latest, true()))
            .order_by(latest.c.subscription_id, latest.c.id.desc())
        )
        for r in rows:
            found[r.subscription_id].append(
                from_fields(WebhookDelivery, r, status=DeliveryStatus(r.status))
            )
        return found
