"""GraphQL types for users, organisations and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.permissions import IsOrganizationMemberOrStaff, IsSelfOrStaff, confidential
from api.relay import node_uuids
from domain import accounts as domain
from domain.fields import from_fields

Locale = strawberry.enum(domain.Locale, name="Locale")
PlatformRole = strawberry.enum(domain.PlatformRole, name="PlatformRole")
OrganizationKind = strawberry.enum(domain.OrganizationKind, name="OrganizationKind")
MemberRole = strawberry.enum(domain.MemberRole, name="MemberRole")


@strawberry.type(name="User")
class UserType(relay.Node):
    id: relay.NodeID[str]
    display_name: str
    locale: Locale  # type: ignore[valid-type]
    created_at: datetime
    _email: strawberry.Private[str]
    _roles: strawberry.Private[frozenset[domain.PlatformRole]]

    @classmethod
    def from_domain(cls, user: domain.User) -> UserType:
        return from_fields(cls, user, id=str(user.id), _email=user.email, _roles=user.roles)

    @strawberry.field(extensions=confidential(IsSelfOrStaff))
    def email(self) -> str | None:
        return self._email

    @strawberry.field(extensions=confidential(IsSelfOrStaff))
    def roles(self) -> list[PlatformRole]:  # type: ignore[valid-type]
        return sorted(self._roles)

    @strawberry.field(extensions=confidential(IsSelfOrStaff))
    async def memberships(self, info: Info) -> list[MembershipType]:
        found = await info.context.loaders.memberships_by_user.load(UUID(self.id))
        return [MembershipType.from_domain(m) for m in found]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[UserType | None]:
        # Public profile only (display name); private fields are guarded above.
        ids = node_uuids(node_ids)
        loaded = [await info.context.loaders.user_by_id.load(i) if i else None for i in ids]
        return [cls.from_domain(u) if u else None for u in loaded]


@strawberry.type(name="Organization")
class OrganizationType(relay.Node):
    id: relay.NodeID[str]
    name: str
    kind: OrganizationKind  # type: ignore[valid-type]
    province_code: str | None
    registry_code: str | None
    verified: bool
    created_at: datetime

    @classmethod
    def from_domain(cls, org: domain.Organization) -> OrganizationType:
        return from_fields(cls, org, id=str(org.id))

    @strawberry.field(extensions=confidential(IsOrganizationMemberOrStaff))
    async def members(self, info: Info) -> list[MembershipType]:
        found = await info.context.loaders.memberships_by_organization.load(UUID(self.id))
        return [MembershipType.from_domain(m) for m in found]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[OrganizationType | None]:
        ids = node_uuids(node_ids)
        loaded = [await info.context.loaders.organization_by_id.load(i) if i else None for i in ids]
        return [cls.from_domain(o) if o else None for o in loaded]


@strawberry.type(name="Membership")
class MembershipType:
    role: MemberRole  # type: ignore[valid-type]
    created_at: datetime
    _organization_id: strawberry.Private[UUID]
    _user_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, m: domain.Membership) -> MembershipType:
        return from_fields(cls, m, _organization_id=m.organization_id, _user_id=m.user_id)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        org = await info.context.loaders.organization_by_id.load(self._organization_id)
        assert org is not None
        return OrganizationType.from_domain(org)

    @strawberry.field
    async def user(self, info: Info) -> UserType:
        user = await info.context.loaders.user_by_id.load(self._user_id)
        assert user is not None
        return UserType.from_domain(user)
