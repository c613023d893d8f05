"""Declared permissions, checked in one place. Confidential fields use `fail_silently`, so a
caller without access reads null (or an empty list) instead of an error."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from strawberry.permission import BasePermission, PermissionExtension

from api.context import Info


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


def confidential(*permissions: type[BasePermission]) -> list[PermissionExtension]:
    return [PermissionExtension(permissions=[p() for p in permissions], fail_silently=True)]
