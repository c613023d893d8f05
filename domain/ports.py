"""Ports the use cases depend on. Adapters live in db/, search/, matching/ and innovex/."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import (
    Locale,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    PlatformRole,
    User,
)
from domain.audit import AuditLog
from domain.events import ListingChanged


class PasswordHasher(Protocol):
    """Hashing is slow on purpose: adapters run it off the event loop, hence async."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def weakness(self, password: str, user_inputs: Sequence[str]) -> str | None:
        """Why the password is too easy to guess (common, a repetition, a sequence, close to
        `user_inputs` such as the email or name), or None when it is strong enough."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class UserRepository(Protocol):
    async def add(
        self, *, email: str, display_name: str, locale: Locale, password_hash: str
    ) -> User: ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]: ...

    async def find_credentials(self, email: str) -> tuple[User, str] | None:
        """The user and their password hash, for sign-in."""
        ...

    async def email_taken(self, email: str) -> bool: ...

    async def set_roles(self, user_id: UUID, roles: frozenset[PlatformRole]) -> None: ...


class TokenRepository(Protocol):
    async def add(self, *, user_id: UUID, token_hash: bytes, expires_at: datetime) -> None: ...

    async def revoke(self, token_hash: bytes, at: datetime) -> bool: ...


class OrganizationRepository(Protocol):
    async def add(
        self,
        *,
        name: str,
        kind: OrganizationKind,
        province_code: str | None,
        registry_code: str | None,
    ) -> Organization: ...

    async def get(self, organization_id: UUID) -> Organization | None: ...

    async def registry_code_taken(self, registry_code: str) -> bool: ...

    async def set_verified(self, organization_id: UUID, verified: bool) -> Organization: ...

    async def add_member(
        self, organization_id: UUID, user_id: UUID, role: MemberRole
    ) -> Membership: ...

    async def remove_member(self, organization_id: UUID, user_id: UUID) -> None: ...

    async def membership(self, organization_id: UUID, user_id: UUID) -> Membership | None: ...

    async def lock_members(self, organization_id: UUID) -> None:
        """Serialise changes to the organisation's members until the transaction ends."""
        ...

    async def owner_count(self, organization_id: UUID) -> int: ...


class HasOrganizations(Protocol):
    """Any unit of work that reaches organisations."""

    @property
    def organizations(self) -> OrganizationRepository: ...


class Outbox(Protocol):
    async def record(self, event: ListingChanged) -> None:
        """Write the event for every consumer, in the current transaction."""
        ...


class Transaction(Protocol):
    """What every unit of work has besides its repositories. Members are read-only, so
    adapters may hold more specific repository types."""

    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class AccountsUnitOfWork(Transaction, Protocol):
    @property
    def users(self) -> UserRepository: ...

    @property
    def tokens(self) -> TokenRepository: ...

    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def outbox(self) -> Outbox: ...
