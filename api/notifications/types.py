"""GraphQL types of in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.relay import resolve_by_uuid
from domain import notifications as domain
from domain.fields import from_fields

NotificationKind = strawberry.enum(domain.NotificationKind, name="NotificationKind")

# The GraphQL type name of each subject kind, so a client can open the subject by global id.
_SUBJECT_TYPES = {
    "initiative": "Initiative",
    "connection": "ConnectionRequest",
    "review_assignment": "ReviewAssignment",
}


@strawberry.type(name="Notification")
class NotificationType(relay.Node):
    id: relay.NodeID[str]
    kind: NotificationKind  # type: ignore[valid-type]
    text: str = strawberry.field(description="Built from public facts only.")
    created_at: datetime
    read_at: datetime | None
    _subject_kind: strawberry.Private[str]
    _subject_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, n: domain.Notification) -> NotificationType:
        return from_fields(
            cls, n, id=str(n.id), _subject_kind=n.subject_kind, _subject_id=n.subject_id
        )

    @strawberry.field
    def unread(self) -> bool:
        return self.read_at is None

    @strawberry.field(description="Global id of what the notification is about.")
    def subject_id(self) -> relay.GlobalID:
        type_name = _SUBJECT_TYPES.get(self._subject_kind, self._subject_kind)
        return relay.GlobalID(type_name, str(self._subject_id))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[NotificationType | None]:
        # Only the recipient reads a notification.
        actor = await info.context.actor_or_anonymous()
        if actor.user_id is None:
            return [None for _ in node_ids]
        return await resolve_by_uuid(
            node_ids,
            partial(info.context.uow.notifications.get_many, actor.user_id),
            cls.from_domain,
        )
