"""Ports of platform roles and the reviewer pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from domain.accounts import PlatformRole
from domain.ports import AccountsUnitOfWork
from domain.reviewer_pool import ConflictFacts, PoolMember, ReviewerProfile


class RoleScopes(Protocol):
    async def provinces(self, user_id: UUID) -> dict[PlatformRole, frozenset[str]]: ...

    async def add(self, user_id: UUID, role: PlatformRole, province_code: str) -> None: ...

    async def remove(
        self, user_id: UUID, role: PlatformRole, province_code: str | None
    ) -> None: ...

    async def holders(self, role: PlatformRole) -> int: ...


class ReviewerPool(Protocol):
    async def get_profile(self, user_id: UUID) -> ReviewerProfile | None: ...

    async def save_profile(self, profile: ReviewerProfile) -> None: ...

    async def members(self, user_ids: Sequence[UUID] | None = None) -> list[PoolMember]: ...

    async def conflict_facts(
        self, user_ids: Sequence[UUID], *, initiative_id: UUID, submitter_id: UUID
    ) -> dict[UUID, ConflictFacts]: ...

    async def reviewed_titles(self, user_ids: Sequence[UUID]) -> dict[UUID, list[str]]: ...

    async def reviewed_similarity(
        self, user_ids: Sequence[UUID], *, initiative_id: UUID, model: str
    ) -> dict[UUID, tuple[float, str]]: ...


class GovernanceUnitOfWork(AccountsUnitOfWork, Protocol):
    @property
    def role_scopes(self) -> RoleScopes: ...

    @property
    def reviewer_pool(self) -> ReviewerPool: ...
