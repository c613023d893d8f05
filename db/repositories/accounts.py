"""Repositories for users, tokens, organisations and memberships."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import auth_tokens, memberships, organizations, platform_role_provinces, users
from domain.accounts import (
    Actor,
    Locale,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    PlatformRole,
    User,
)
from domain.errors import AuthErrorCode, NotAuthenticated

_USER_COLUMNS = (
    users.c.id,
    users.c.email,
    users.c.display_name,
    users.c.locale,
    users.c.roles,
    users.c.created_at,
)


def user_from_row(row: Any) -> User:
    return from_row(
        User, row, locale=Locale(row.locale), roles=frozenset(PlatformRole(r) for r in row.roles)
    )


def role_provinces_from_pairs(pairs: list[list[str]]) -> dict[PlatformRole, frozenset[str]]:
    found: dict[PlatformRole, set[str]] = {}
    for role, province in pairs:
        found.setdefault(PlatformRole(role), set()).add(province)
    return {role: frozenset(codes) for role, codes in found.items()}


def organization_from_row(row: Any) -> Organization:
    return from_row(Organization, row, kind=OrganizationKind(row.kind))


def membership_from_row(row: Any) -> Membership:
    return from_row(Membership, row, role=MemberRole(row.role))


def _actor_columns() -> tuple[Any, ...]:
    """What an Actor is built from: the user, memberships and role scopes (one statement)."""
    member_roles = (
        select(
            func.coalesce(
                func.jsonb_object_agg(memberships.c.organization_id, memberships.c.role),
                func.jsonb_build_object(),
            )
        )
        .where(memberships.c.user_id == users.c.id)
        .scalar_subquery()
    )
    role_scopes = (
        select(
            func.coalesce(
                func.jsonb_agg(
                    func.jsonb_build_array(
                        platform_role_provinces.c.role, platform_role_provinces.c.province_code
                    )
                ),
                func.jsonb_build_array(),
            )
        )
        .where(platform_role_provinces.c.user_id == users.c.id)
        .scalar_subquery()
    )
    return (
        users.c.id,
        users.c.roles,
        users.c.email_verified_at,
        member_roles.label("memberships"),
        role_scopes.label("role_provinces"),
    )


def _actor(row: Any) -> Actor:
    return Actor(
        user_id=row.id,
        roles=frozenset(PlatformRole(r) for r in row.roles),
        memberships={UUID(k): MemberRole(v) for k, v in row.memberships.items()},
        role_provinces=role_provinces_from_pairs(row.role_provinces),
        email_verified=row.email_verified_at is not None,
    )


class SqlUserRepository(SqlRepository):
    async def add(
        self, *, email: str, display_name: str, locale: Locale, password_hash: str
    ) -> User:
        return await self._one(
            users.insert()
            .values(
                email=email,
                display_name=display_name,
                locale=locale.value,
                password_hash=password_hash,
            )
            .returning(*_USER_COLUMNS),
            user_from_row,
        )

    async def get(self, user_id: UUID) -> User | None:
        return await self._first(select(*_USER_COLUMNS).where(users.c.id == user_id), user_from_row)

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]:
        return await self._all(
            select(*_USER_COLUMNS).where(users.c.id.in_(user_ids)), user_from_row
        )

    async def find_credentials(self, email: str) -> tuple[User, str] | None:
        row = (
            await self._session.execute(
                select(*_USER_COLUMNS, users.c.password_hash).where(users.c.email == email)
            )
        ).first()
        return (user_from_row(row), row.password_hash) if row else None

    async def email_taken(self, email: str) -> bool:
        found = await self._session.scalar(select(users.c.id).where(users.c.email == email))
        return found is not None

    async def set_roles(self, user_id: UUID, roles: frozenset[PlatformRole]) -> None:
        await self._session.execute(
            update(users).where(users.c.id == user_id).values(roles=sorted(r.value for r in roles))
        )


class SqlTokenRepository(SqlRepository):
    async def add(self, *, user_id: UUID, token_hash: bytes, expires_at: datetime) -> None:
        await self._session.execute(
            auth_tokens.insert().values(
                user_id=user_id, token_hash=token_hash, expires_at=expires_at
            )
        )

    async def revoke(self, token_hash: bytes, at: datetime) -> bool:
        result = await self._session.execute(
            update(auth_tokens)
            .where(auth_tokens.c.token_hash == token_hash, auth_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
            .returning(auth_tokens.c.id)
        )
        return result.first() is not None

    async def authenticate(self, token_hash: bytes, now: datetime) -> Actor:
        """Resolve a bearer token to an actor, memberships included, in one statement."""
        row = (
            await self._session.execute(
                select(*_actor_columns(), auth_tokens.c.expires_at, auth_tokens.c.revoked_at)
                .join_from(auth_tokens, users, auth_tokens.c.user_id == users.c.id)
                .where(auth_tokens.c.token_hash == token_hash)
            )
        ).first()
        if row is None:
            raise NotAuthenticated(AuthErrorCode.INVALID_CREDENTIALS, "Unknown token.")
        if row.revoked_at is not None:
            raise NotAuthenticated(AuthErrorCode.TOKEN_REVOKED, "This token was revoked.")
        if row.expires_at <= now:
            raise NotAuthenticated(AuthErrorCode.TOKEN_EXPIRED, "This token has expired.")
        return _actor(row)

    async def actor_of(self, user_id: UUID) -> Actor | None:
        """The actor a user is now (for signed links, re-checked when used)."""
        return await self._first(select(*_actor_columns()).where(users.c.id == user_id), _actor)


class SqlOrganizationRepository(SqlRepository):
    async def add(
        self,
        *,
        name: str,
        kind: OrganizationKind,
        province_code: str | None,
        registry_code: str | None,
    ) -> Organization:
        return await self._one(
            organizations.insert()
            .values(
                name=name,
                kind=kind.value,
                province_code=province_code,
                registry_code=registry_code,
            )
            .returning(*organizations.c),
            organization_from_row,
        )

    async def get(self, organization_id: UUID) -> Organization | None:
        return await self._first(
            select(organizations).where(organizations.c.id == organization_id),
            organization_from_row,
        )

    async def get_many(self, organization_ids: Sequence[UUID]) -> list[Organization]:
        return await self._all(
            select(organizations).where(organizations.c.id.in_(organization_ids)),
            organization_from_row,
        )

    async def list_page(
        self,
        *,
        after: list[Any] | None,
        first: int,
        kind: OrganizationKind | None = None,
        province_code: str | None = None,
        verified: bool | None = None,
    ) -> list[Organization]:
        """Oldest first, keyset on (created_at, id); returns up to first + 1 rows."""
        stmt = select(organizations)
        if kind is not None:
            stmt = stmt.where(organizations.c.kind == kind.value)
        if province_code is not None:
            stmt = stmt.where(organizations.c.province_code == province_code)
        if verified is not None:
            stmt = stmt.where(organizations.c.verified == verified)
        order = [organizations.c.created_at, organizations.c.id]
        return await self._all(keyset_page(stmt, order, after, first), organization_from_row)

    async def registry_code_taken(self, registry_code: str) -> bool:
        found = await self._session.scalar(
            select(organizations.c.id).where(organizations.c.registry_code == registry_code)
        )
        return found is not None

    async def set_verified(self, organization_id: UUID, verified: bool) -> Organization:
        return await self._one(
            update(organizations)
            .where(organizations.c.id == organization_id)
            .values(verified=verified)
            .returning(*organizations.c),
            organization_from_row,
        )

    async def add_member(
        self, organization_id: UUID, user_id: UUID, role: MemberRole
    ) -> Membership:
        return await self._one(
            insert(memberships)
            .values(organization_id=organization_id, user_id=user_id, role=role.value)
            .returning(*memberships.c),
            membership_from_row,
        )

    async def remove_member(self, organization_id: UUID, user_id: UUID) -> None:
        await self._session.execute(
            memberships.delete().where(
                memberships.c.organization_id == organization_id,
                memberships.c.user_id == user_id,
            )
        )

    async def membership(self, organization_id: UUID, user_id: UUID) -> Membership | None:
        return await self._first(
            select(memberships).where(
                memberships.c.organization_id == organization_id,
                memberships.c.user_id == user_id,
            ),
            membership_from_row,
        )

    async def lock_members(self, organization_id: UUID) -> None:
        # The organisation row is the lock for its member list: two owners removing each other
        # would otherwise both count two owners under READ COMMITTED and leave none.
        await self._session.execute(
            select(organizations.c.id)
            .where(organizations.c.id == organization_id)
            .with_for_update()
        )

    async def owner_count(self, organization_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                memberships.c.organization_id == organization_id,
                memberships.c.role == MemberRole.OWNER.value,
            )
        )
        return int(count or 0)

    async def memberships_of_users(self, user_ids: Sequence[UUID]) -> list[Membership]:
        return await self._all(
            select(memberships).where(memberships.c.user_id.in_(user_ids)), membership_from_row
        )

    async def members_of(self, organization_ids: Sequence[UUID]) -> list[Membership]:
        return await self._all(
            select(memberships)
            .where(memberships.c.organization_id.in_(organization_ids))
            .order_by(memberships.c.created_at, memberships.c.user_id),
            membership_from_row,
        )
