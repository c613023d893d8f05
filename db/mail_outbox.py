"""Draining the mail outbox: each queued message goes to the `MailSender` once it is sent.

Rows are taken with `FOR UPDATE SKIP LOCKED` (several workers never send the same message),
deleted when the server accepted them, and retried with exponential backoff otherwise; after
`max_attempts` failures a message is parked (kept, with its last error) for an operator.
A crash between the server's acceptance and the commit sends that message again: mail is
at-least-once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import mail_outbox
from domain.mail import MailSender, OutgoingMail

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class MailDrainStats:
    sent: int = 0
    failed: int = 0
    parked: int = 0


class MailOutboxDrainer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: MailSender,
        *,
        batch_size: int = 50,
        max_attempts: int = 8,
        base_backoff: timedelta = timedelta(seconds=5),
    ) -> None:
        self._sessions = sessions
        self._sender = sender
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._base_backoff = base_backoff

    async def drain_once(self) -> MailDrainStats:
        stats = MailDrainStats()
        async with self._sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(mail_outbox)
                    .where(
                        mail_outbox.c.parked_at.is_(None),
                        mail_outbox.c.next_attempt_at <= func.clock_timestamp(),
                    )
                    .order_by(mail_outbox.c.id)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for row in rows:
                mail = OutgoingMail(to=row.recipient, subject=row.subject, body=row.body)
                try:
                    await self._sender.send(mail)
                except Exception as exc:  # retried later, never lost
                    logger.warning("mail not sent", extra={"mail_id": row.id, "error": repr(exc)})
                    await self._failed(session, row, repr(exc), stats)
                    continue
                await session.execute(delete(mail_outbox).where(mail_outbox.c.id == row.id))
                stats.sent += 1
        return stats

    async def drain(self) -> int:
        """Send until nothing is ready; returns messages sent."""
        total = 0
        while True:
            stats = await self.drain_once()
            total += stats.sent
            if stats.sent == 0:
                return total

    async def _failed(
        self, session: AsyncSession, row: Any, error: str, stats: MailDrainStats
    ) -> None:
        attempts = row.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:2000]}
        if attempts >= self._max_attempts:
            values["parked_at"] = func.clock_timestamp()
            stats.parked += 1
        else:
            values["next_attempt_at"] = func.clock_timestamp() + self._base_backoff * (
                2 ** (attempts - 1)
            )
            stats.failed += 1
        await session.execute(
            update(mail_outbox).where(mail_outbox.c.id == row.id).values(**values)
        )
