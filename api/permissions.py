"""Declared permissions, checked in one place. Confidential fields use `fail_silently`, so a
caller without access reads null (or an empty list) instead of an error."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from api.context import Info
from domain import listings


class IsAuthenticated(BasePermission):
    message = "Sign in first."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.actor_or_anonymous()
        return actor.is_authenticated


class IsStaff(BasePermission):
    message = "Only operators may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.actor_or_anonymous()
        return actor.is_staff


class IsSelfOrStaff(BasePermission):
    """On a User: the user themself, or staff."""

    message = "Only the user and operators may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.actor_or_anonymous()
        return actor.is_staff or (
            actor.user_id is not None and actor.user_id == UUID(str(source.id))
        )


class IsOrganizationMemberOrStaff(BasePermission):
    """On an Organization: its members, or staff."""

    message = "Only the organisation's members and operators may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.actor_or_anonymous()
        return actor.is_staff or actor.member_of(UUID(str(source.id)))


class IsStaffOrAssignedReviewer(BasePermission):
    """On a ReviewAssignment: operators, or the reviewer it belongs to."""

    message = "Only operators and the assigned reviewer may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        actor = await info.context.actor_or_anonymous()
        return actor.is_staff or (
            actor.user_id is not None and actor.user_id == source.entity.reviewer_id
        )


async def confidential_access(info: Info, ref: listings.ListingRef) -> bool:
    """The one question, asked of the domain rule; the grant lookup is batched per request
    and skipped when the answer does not depend on it."""
    actor = await info.context.actor_or_anonymous()
    grants: set[UUID] = set()
    if listings.needs_grant_lookup(actor, ref):
        loader = info.context.loaders.confidential_grants(actor)
        if await loader.load(ref.id):
            grants.add(ref.id)
    return listings.can_read_confidential(actor, ref, grants)


class CanReadConfidential(BasePermission):
    """On a listing: `domain.listings.can_read_confidential` (owner, operators, grantees)."""

    message = "Only the owner organisation, operators and granted reviewers may see this."

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await confidential_access(info, source.listing_ref)


def confidential(*permissions: type[BasePermission]) -> list[FieldExtension]:
    return [PermissionExtension(permissions=[p() for p in permissions], fail_silently=True)]
