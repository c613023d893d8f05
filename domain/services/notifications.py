"""Use cases of a user's notification inbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import Actor
from domain.errors import NotFound, ValidationCode, Validator
from domain.exchange_ports import NotificationRepository
from domain.ports import Transaction
from domain.services.accounts import require_user

MAX_IDS = 100


class NotificationsUnitOfWork(Transaction, Protocol):
    @property
    def notifications(self) -> NotificationRepository: ...


@dataclass(frozen=True, slots=True)
class MarkRead:
    ids: Sequence[UUID] | None = None
    all: bool = False


@dataclass(frozen=True, slots=True)
class MarkedRead:
    marked: int
    unread: int


async def mark_notifications_read(
    uow: NotificationsUnitOfWork, actor: Actor, cmd: MarkRead, *, now: datetime
) -> MarkedRead:
    """Mark some of the caller's notifications (or all of them) read. Marking one that is
    already read is harmless; naming someone else's is NotFound (it is not theirs to know)."""
    user_id = require_user(actor)
    v = Validator()
    if cmd.all == (cmd.ids is not None):
        v.add("ids", ValidationCode.INVALID_COMBINATION, "give either ids or all, not both")
    elif cmd.ids is not None and not 1 <= len(cmd.ids) <= MAX_IDS:
        v.add("ids", ValidationCode.OUT_OF_RANGE, f"must name 1 to {MAX_IDS} notifications")
    v.check()
    ids = None if cmd.all else list(dict.fromkeys(cmd.ids or ()))
    if ids is not None:
        owned = await uow.notifications.owned(user_id, ids)
        missing = [i for i in ids if i not in owned]
        if missing:
            raise NotFound("Notification", missing[0])
    marked = await uow.notifications.mark_read(user_id, ids, now)
    await uow.audit.record(
        actor_id=user_id,
        action="notifications.read",
        entity_kind="user",
        entity_id=user_id,
        data={"marked": marked, "all": cmd.all},
    )
    unread = await uow.notifications.unread_count(user_id)
    await uow.commit()
    return MarkedRead(marked=marked, unread=unread)
