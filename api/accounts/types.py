"""GraphQL types for users, organisations and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.permissions import IsOrganizationMemberOrStaff, IsSelfOrStaff, confidential
from api.relay import node_uuids, parse_global_id
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
        return [await user_of(info, i) for i in ids]


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
        return [await organization_of(info, i) for i in ids]


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
        return await known_organization(info, self._organization_id)

    @strawberry.field
    async def user(self, info: Info) -> UserType:
        return await known_user(info, self._user_id)


async def organization_of(info: Info, organization_id: UUID | None) -> OrganizationType | None:
    """Through the request's loader; None for no id, or an id the loader does not find."""
    if organization_id is None:
        return None
    found = await info.context.loaders.organization_by_id.load(organization_id)
    return OrganizationType.from_domain(found) if found else None


async def known_organization(info: Info, organization_id: UUID) -> OrganizationType:
    """For non-null fields, whose id comes from a foreign key."""
    found = await organization_of(info, organization_id)
    assert found is not None
    return found


async def user_of(info: Info, user_id: UUID | None) -> UserType | None:
    """Through the request's loader; None for no id, or an id the loader does not find."""
    if user_id is None:
        return None
    found = await info.context.loaders.user_by_id.load(user_id)
    return UserType.from_domain(found) if found else None


async def known_user(info: Info, user_id: UUID) -> UserType:
    """For non-null fields, whose id comes from a foreign key."""
    found = await user_of(info, user_id)
    assert found is not None
    return found


def organization_id_of(value: relay.GlobalID) -> UUID:
    """An `organizationId` input as a UUID; another type's id is a typed validation error."""
    return parse_global_id(value, "Organization", "organizationId")
