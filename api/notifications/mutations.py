"""Marking notifications read."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import NotAuthenticated, NotFound, ValidationError, payload
from api.relay import parse_global_id
from domain.services import notifications as uc


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[relay.GlobalID] | None = None
    all: bool = False


@strawberry.type
class NotificationsMarkedRead:
    marked: int
    unread_count: int


MarkNotificationsReadResult = Annotated[
    NotificationsMarkedRead | ValidationError | NotAuthenticated | NotFound,
    strawberry.union("MarkNotificationsReadResult"),
]


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Mark the given notifications, or all of them, read.")
    @payload
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadResult:
        ctx = info.context
        ids = (
            None
            if input.ids is None
            else [parse_global_id(i, "Notification", "ids") for i in input.ids]
        )
        result = await ctx.act(
            uc.mark_notifications_read,
            uc.MarkRead(ids=ids, all=input.all),
            now=ctx.now(),
        )
        return NotificationsMarkedRead(marked=result.marked, unread_count=result.unread)
