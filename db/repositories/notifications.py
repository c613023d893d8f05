"""Repository for in-app notifications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, literal, select, update

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import memberships, notifications, users
from domain.fields import field_values
from domain.notifications import NewNotification, Notification, NotificationKind


def notification_from_row(row: Any) -> Notification:
    return from_row(Notification, row, kind=NotificationKind(row.kind))


# INSERT … SELECT of one notification to many: each recipient's id beside the template's values.
_ADDRESSED = ["user_id", "kind", "subject_kind", "subject_id", "text"]


def _addressed(
    recipient: ColumnElement[UUID], template: NewNotification
) -> Select[UUID, str, str, UUID, str]:
    return select(
        recipient,
        literal(template.kind.value),
        literal(template.subject_kind),
        literal(template.subject_id),
        literal(template.text),
    )


class SqlNotificationRepository(SqlRepository):
    async def add(self, items: Sequence[NewNotification]) -> None:
        if not items:
            return
        await self._session.execute(
            notifications.insert(),
            [field_values(n, kind=n.kind.value) for n in items],
        )

    async def add_for_members(
        self,
        organization_id: UUID,
        template: NewNotification,
        *,
        except_user: UUID | None,
        managers_only: bool = False,
    ) -> None:
        members = _addressed(memberships.c.user_id, template).where(
            memberships.c.organization_id == organization_id
        )
        if except_user is not None:
            members = members.where(memberships.c.user_id != except_user)
        if managers_only:
            members = members.where(memberships.c.role.in_(("owner", "admin")))
        await self._session.execute(notifications.insert().from_select(_ADDRESSED, members))

    async def add_for_email(self, email: str, template: NewNotification) -> None:
        holder = _addressed(users.c.id, template).where(users.c.email == email)
        await self._session.execute(notifications.insert().from_select(_ADDRESSED, holder))

    async def get_many(self, user_id: UUID, ids: Sequence[UUID]) -> list[Notification]:
        return await self._all(
            select(notifications).where(
                notifications.c.user_id == user_id, notifications.c.id.in_(ids)
            ),
            notification_from_row,
        )

    async def owned(self, user_id: UUID, ids: Sequence[UUID]) -> set[UUID]:
        # session.execute, not session.scalars: the serialized session's scalars re-enters
        # its statement lock.
        rows = await self._session.execute(
            select(notifications.c.id).where(
                notifications.c.user_id == user_id, notifications.c.id.in_(ids)
            )
        )
        return set(rows.scalars())

    async def mark_read(self, user_id: UUID, ids: Sequence[UUID] | None, at: datetime) -> int:
        stmt = (
            update(notifications)
            .where(notifications.c.user_id == user_id, notifications.c.read_at.is_(None))
            .values(read_at=at)
            .returning(notifications.c.id)
        )
        if ids is not None:
            stmt = stmt.where(notifications.c.id.in_(ids))
        return len((await self._session.execute(stmt)).all())

    async def unread_count(self, user_id: UUID) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                notifications.c.user_id == user_id, notifications.c.read_at.is_(None)
            )
        )
        return int(count or 0)

    async def page(
        self, user_id: UUID, *, after: list[Any] | None, first: int, unread_only: bool
    ) -> list[Notification]:
        """Newest first, keyset on (created_at, id); up to first + 1 rows."""
        stmt = select(notifications).where(notifications.c.user_id == user_id)
        if unread_only:
            stmt = stmt.where(notifications.c.read_at.is_(None))
        order = [notifications.c.created_at, notifications.c.id]
        return await self._all(
            keyset_page(stmt, order, after, first, descending=True), notification_from_row
        )
