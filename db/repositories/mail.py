"""Mail adapters over PostgreSQL: email tokens, the mail outbox (writing side), and the
account facts mail needs (verification, password, sessions, digest preferences)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, or_, select, update

from db.repositories.accounts import _USER_COLUMNS, user_from_row
from db.repositories.base import SqlRepository
from db.tables import auth_tokens, email_tokens, mail_outbox, notifications, users
from domain.accounts import Locale, User
from domain.mail import DigestFrequency, DigestRecipient, EmailTokenPurpose, OutgoingMail


class SqlEmailTokenRepository(SqlRepository):
    async def add(
        self, *, user_id: UUID, purpose: EmailTokenPurpose, token_hash: bytes, expires_at: datetime
    ) -> None:
        await self._session.execute(
            email_tokens.insert().values(
                user_id=user_id, purpose=purpose.value, token_hash=token_hash, expires_at=expires_at
            )
        )

    async def consume(
        self, *, purpose: EmailTokenPurpose, token_hash: bytes, now: datetime
    ) -> UUID | None:
        # One statement: two requests with the same token cannot both use it.
        user_id: UUID | None = await self._session.scalar(
            update(email_tokens)
            .where(
                email_tokens.c.token_hash == token_hash,
                email_tokens.c.purpose == purpose.value,
                email_tokens.c.used_at.is_(None),
                email_tokens.c.expires_at > now,
            )
            .values(used_at=now)
            .returning(email_tokens.c.user_id)
        )
        return user_id

    async def discard_for(self, user_id: UUID, purpose: EmailTokenPurpose, now: datetime) -> None:
        await self._session.execute(
            update(email_tokens)
            .where(
                email_tokens.c.user_id == user_id,
                email_tokens.c.purpose == purpose.value,
                email_tokens.c.used_at.is_(None),
            )
            .values(used_at=now)
        )


class SqlMailQueue(SqlRepository):
    async def enqueue(self, mail: OutgoingMail) -> None:
        await self._session.execute(
            mail_outbox.insert().values(recipient=mail.to, subject=mail.subject, body=mail.body)
        )


class SqlMailAccountRepository(SqlRepository):
    async def contact(self, user_id: UUID) -> tuple[User, bool] | None:
        row = (
            await self._session.execute(
                select(*_USER_COLUMNS, users.c.email_verified_at).where(users.c.id == user_id)
            )
        ).first()
        if row is None:
            return None
        return user_from_row(row), row.email_verified_at is not None

    async def mark_email_verified(self, user_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(users)
            .where(users.c.id == user_id, users.c.email_verified_at.is_(None))
            .values(email_verified_at=at)
        )

    async def set_password_hash(self, user_id: UUID, password_hash: str) -> None:
        await self._session.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash)
        )

    async def revoke_sessions(self, user_id: UUID, at: datetime) -> int:
        result = await self._session.execute(
            update(auth_tokens)
            .where(auth_tokens.c.user_id == user_id, auth_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
            .returning(auth_tokens.c.id)
        )
        return len(result.all())

    async def set_digest(self, user_id: UUID, frequency: DigestFrequency) -> None:
        await self._session.execute(
            update(users).where(users.c.id == user_id).values(digest=frequency.value)
        )

    async def digest_of(self, user_id: UUID) -> DigestFrequency:
        found = await self._session.scalar(select(users.c.digest).where(users.c.id == user_id))
        return DigestFrequency(found or DigestFrequency.DAILY)

    async def digests_due(self, now: datetime, limit: int) -> list[DigestRecipient]:
        since = func.coalesce(users.c.last_digest_at, users.c.created_at)
        period = {f.value: f.period for f in DigestFrequency if f.period is not None}
        due = or_(
            *(
                (users.c.digest == value) & (since <= now - length)
                for value, length in period.items()
            )
        )
        rows = await self._session.execute(
            select(
                users.c.id,
                users.c.email,
                users.c.display_name,
                users.c.locale,
                users.c.digest,
                since.label("since"),
            )
            .where(users.c.email_verified_at.is_not(None), due)
            .order_by(since, users.c.id)
            .limit(limit)
            .with_for_update(of=users, skip_locked=True)
        )
        return [
            DigestRecipient(
                user_id=r.id,
                email=r.email,
                display_name=r.display_name,
                locale=Locale(r.locale),
                frequency=DigestFrequency(r.digest),
                since=r.since,
            )
            for r in rows
        ]

    async def notification_texts(
        self, user_id: UUID, since: datetime, limit: int
    ) -> tuple[list[str], int]:
        where = (
            notifications.c.user_id == user_id,
            notifications.c.read_at.is_(None),
            notifications.c.created_at > since,
        )
        total = await self._session.scalar(
            select(func.count()).select_from(notifications).where(*where)
        )
        texts = await self._session.scalars(
            select(notifications.c.text)
            .where(*where)
            .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
            .limit(limit)
        )
        return list(texts), int(total or 0)

    async def mark_digest_sent(self, user_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(users).where(users.c.id == user_id).values(last_digest_at=at)
        )
