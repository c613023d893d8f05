"""What federation use cases need from storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.audit import AuditLog
from domain.federation.inbound import PushedKind
from domain.federation.keys import ApiKey, ApiKeyScope, KeyPrincipal
from domain.federation.webhooks import WebhookDelivery, WebhookSubscription
from domain.ports import OrganizationRepository, Outbox


class ApiKeyRepository(Protocol):
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
    ) -> ApiKey: ...

    async def get(self, key_id: UUID) -> ApiKey | None: ...

    async def count_active(self, organization_id: UUID) -> int: ...

    async def list_for(self, organization_id: UUID) -> list[ApiKey]: ...

    async def set_secret(self, key_id: UUID, prefix: str, secret_hash: str) -> ApiKey: ...

    async def revoke(self, key_id: UUID) -> ApiKey: ...

    async def authenticate(self, secret_hash: str, now: datetime) -> KeyPrincipal | None: ...


class WebhookRepository(Protocol):
    async def add(
        self,
        *,
        organization_id: UUID,
        url: str,
        secret: str,
        event_types: Sequence[str],
        created_by: UUID | None,
    ) -> WebhookSubscription: ...

    async def get(self, subscription_id: UUID) -> WebhookSubscription | None: ...

    async def count_for(self, organization_id: UUID) -> int: ...

    async def list_for(self, organization_id: UUID) -> list[WebhookSubscription]: ...

    async def resume(self, subscription_id: UUID) -> WebhookSubscription: ...

    async def delete(self, subscription_id: UUID) -> None: ...

    async def deliveries(
        self, subscription_ids: Sequence[UUID], limit: int
    ) -> dict[UUID, list[WebhookDelivery]]:
        """The latest `limit` deliveries of each subscription, newest first."""
        ...


class FederatedListings(Protocol):
    async def stored(
        self, source: str, external_ids: Sequence[str]
    ) -> dict[str, tuple[UUID, datetime, bool]]:
        """external id -> (listing id, source's updatedAt, held by moderation)."""
        ...

    async def create(
        self,
        *,
        source: str,
        source_name: str,
        organization_id: UUID,
        kind: PushedKind,
        external_id: str,
        updated_at: datetime,
        record: dict[str, Any],
        status: str,
    ) -> UUID: ...

    async def update(
        self,
        *,
        source: str,
        entity_id: UUID,
        kind: PushedKind,
        external_id: str,
        updated_at: datetime,
        record: dict[str, Any],
        status: str,
    ) -> None: ...

    async def withdraw(self, source: str, external_id: str, updated_at: datetime) -> UUID | None:
        """Withdraw a record its source tombstoned, if stored and older; its listing id."""
        ...


class SyncPeers(Protocol):
    """What the province's sync keeps about the exchange it pulls from."""

    async def organization_of(self, code: str, name: str) -> UUID:
        """The local organisation a peer's listings are listed under (made on first use)."""
        ...

    async def cursor(self, name: str) -> str | None: ...

    async def save_cursor(self, name: str, cursor: str) -> None: ...

    async def own_listing_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` that are listings of this exchange (not pushed or pulled here)."""
        ...


class FederationUnitOfWork(Protocol):
    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def api_keys(self) -> ApiKeyRepository: ...

    @property
    def webhooks(self) -> WebhookRepository: ...

    @property
    def federated(self) -> FederatedListings: ...

    @property
    def sync_peers(self) -> SyncPeers: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class RecordValidator(Protocol):
    def errors(self, record_type: str, record: dict[str, Any]) -> list[tuple[str, str]]:
        """(JSON path, message) of every way `record` breaks the published standard."""
        ...
