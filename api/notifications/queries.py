"""The signed-in user's notification inbox."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.notifications.types import NotificationType
from api.relay import Connection, build_connection, page_request
from domain.services.accounts import require_user


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="The signed-in user's notifications, newest first.")
    async def notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool = False,
    ) -> Connection[NotificationType]:
        user_id = require_user(await info.context.actor())
        scope = f"notifications:{unread_only}"
        page = page_request(scope, first, after)
        found = await info.context.uow.notifications.page(
            user_id, after=page.after, first=page.first, unread_only=unread_only
        )
        return build_connection(
            scope,
            found,
            page.first,
            node=NotificationType.from_domain,
        )

    @strawberry.field(description="How many of the signed-in user's notifications are unread.")
    async def unread_notification_count(self, info: Info) -> int:
        user_id = require_user(await info.context.actor())
        return await info.context.uow.notifications.unread_count(user_id)
