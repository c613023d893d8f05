"""Use cases that send mail: email verification, password reset, notification digests.

Every message is put in the mail outbox inside the use case's transaction and sent by the
worker afterwards, so a request never waits for (or fails with) a mail server, and a rolled
back change sends nothing. Tokens are random, shown once (in the mail) and stored hashed;
they work once and expire.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import PASSWORD_MAX, PASSWORD_MIN, Actor, User
from domain.errors import (
    AuthErrorCode,
    FieldIssue,
    InvalidInput,
    NotAuthenticated,
    ValidationCode,
    Validator,
)
from domain.mail import (
    DIGEST_MAX_ITEMS,
    RESET_PASSWORD_TTL,
    VERIFY_EMAIL_TTL,
    DigestFrequency,
    DigestRecipient,
    EmailTokenPurpose,
    EmailTokenRepository,
    MailQueue,
    digest_mail,
    reset_password_mail,
    verify_email_mail,
)
from domain.ports import AccountsUnitOfWork, PasswordHasher
from domain.services.accounts import hash_token, normalise_email, require_user


class MailAccountRepository(Protocol):
    """What mail needs to know and change about accounts."""

    async def contact(self, user_id: UUID) -> tuple[User, bool] | None:
        """The user and whether their email is verified."""
        ...

    async def mark_email_verified(self, user_id: UUID, at: datetime) -> None: ...

    async def set_password_hash(self, user_id: UUID, password_hash: str) -> None: ...

    async def revoke_sessions(self, user_id: UUID, at: datetime) -> int:
        """Revoke every live sign-in token of the user; returns how many."""
        ...

    async def set_digest(self, user_id: UUID, frequency: DigestFrequency) -> None: ...

    async def digest_of(self, user_id: UUID) -> DigestFrequency: ...

    async def digests_due(self, now: datetime, limit: int) -> list[DigestRecipient]:
        """Verified users whose digest period has passed since their last digest."""
        ...

    async def notification_texts(
        self, user_id: UUID, since: datetime, limit: int
    ) -> tuple[list[str], int]:
        """Texts of unread notifications newer than `since`, newest first, and their count."""
        ...

    async def mark_digest_sent(self, user_id: UUID, at: datetime) -> None: ...


class MailUnitOfWork(AccountsUnitOfWork, Protocol):
    @property
    def email_tokens(self) -> EmailTokenRepository: ...

    @property
    def mail(self) -> MailQueue: ...

    @property
    def mail_accounts(self) -> MailAccountRepository: ...


@dataclass(frozen=True, slots=True)
class MailLinks:
    """Where links in mail point: the web portal's address."""

    public_url: str


async def _issue(
    uow: MailUnitOfWork, user_id: UUID, purpose: EmailTokenPurpose, now: datetime
) -> str:
    await uow.email_tokens.discard_for(user_id, purpose, now)
    token = secrets.token_urlsafe(32)
    ttl = VERIFY_EMAIL_TTL if purpose is EmailTokenPurpose.VERIFY_EMAIL else RESET_PASSWORD_TTL
    await uow.email_tokens.add(
        user_id=user_id, purpose=purpose, token_hash=hash_token(token), expires_at=now + ttl
    )
    return token


async def send_verification(
    uow: MailUnitOfWork, user: User, *, now: datetime, links: MailLinks
) -> None:
    """Queue a verification message (within the caller's transaction: no commit)."""
    token = await _issue(uow, user.id, EmailTokenPurpose.VERIFY_EMAIL, now)
    await uow.mail.enqueue(
        verify_email_mail(user.email, user.display_name, user.locale, token, links.public_url)
    )


async def resend_verification(
    uow: MailUnitOfWork, actor: Actor, *, now: datetime, links: MailLinks
) -> bool:
    """A new verification message; False (and nothing sent) when already verified."""
    user_id = require_user(actor)
    found = await uow.mail_accounts.contact(user_id)
    if found is None:
        raise NotAuthenticated(AuthErrorCode.TOKEN_MISSING)
    user, verified = found
    if verified:
        return False
    await send_verification(uow, user, now=now, links=links)
    await uow.commit()
    return True


def _bad_token() -> InvalidInput:
    return InvalidInput(
        [FieldIssue(("token",), ValidationCode.INVALID_FORMAT, "is unknown, used or expired")]
    )


async def verify_email(uow: MailUnitOfWork, *, token: str, now: datetime) -> UUID:
    user_id = await uow.email_tokens.consume(
        purpose=EmailTokenPurpose.VERIFY_EMAIL, token_hash=hash_token(token.strip()), now=now
    )
    if user_id is None:
        raise _bad_token()
    await uow.mail_accounts.mark_email_verified(user_id, now)
    await uow.commit()
    return user_id


async def request_password_reset(
    uow: MailUnitOfWork, *, email: str, now: datetime, links: MailLinks
) -> None:
    """Queue a reset message if the email has an account. The caller answers the same either
    way; the work done differs by one insert, not by a mail server round trip."""
    found = await uow.users.find_credentials(normalise_email(email))
    if found is None:
        return
    user = found[0]
    token = await _issue(uow, user.id, EmailTokenPurpose.RESET_PASSWORD, now)
    await uow.mail.enqueue(
        reset_password_mail(user.email, user.display_name, user.locale, token, links.public_url)
    )
    await uow.commit()


async def reset_password(
    uow: MailUnitOfWork, hasher: PasswordHasher, *, token: str, new_password: str, now: datetime
) -> int:
    """Set a new password with a reset token; every session of the account is revoked.
    Returns the number of sessions revoked. The password is checked before the token is
    spent, so a weak password does not burn the link."""
    v = Validator()
    if len(new_password) < PASSWORD_MIN:
        v.add("newPassword", ValidationCode.TOO_SHORT, f"needs at least {PASSWORD_MIN} characters")
    elif len(new_password) > PASSWORD_MAX:
        v.add("newPassword", ValidationCode.TOO_LONG, f"allows at most {PASSWORD_MAX} characters")
    else:
        weakness = hasher.weakness(new_password, ())
        if weakness is not None:
            v.add("newPassword", ValidationCode.TOO_WEAK, weakness)
    v.check()
    password_hash = await hasher.hash(new_password)
    user_id = await uow.email_tokens.consume(
        purpose=EmailTokenPurpose.RESET_PASSWORD, token_hash=hash_token(token.strip()), now=now
    )
    if user_id is None:
        raise _bad_token()
    await uow.mail_accounts.set_password_hash(user_id, password_hash)
    # Whoever knew the old password is signed out; the mailbox proved ownership.
    revoked = await uow.mail_accounts.revoke_sessions(user_id, now)
    # A reset through the mailbox also proves the address.
    await uow.mail_accounts.mark_email_verified(user_id, now)
    await uow.commit()
    return revoked


async def set_digest_frequency(
    uow: MailUnitOfWork, actor: Actor, *, frequency: DigestFrequency
) -> DigestFrequency:
    user_id = require_user(actor)
    await uow.mail_accounts.set_digest(user_id, frequency)
    await uow.commit()
    return frequency


async def send_due_digests(uow: MailUnitOfWork, *, now: datetime, batch: int = 200) -> int:
    """Queue one digest per user whose period has passed and who has unread notifications
    since the last one. A user with nothing new is marked too: the next digest covers what
    arrives from now on, and the batch moves on to other users."""
    sent = 0
    recipients: Sequence[DigestRecipient] = await uow.mail_accounts.digests_due(now, batch)
    for recipient in recipients:
        texts, total = await uow.mail_accounts.notification_texts(
            recipient.user_id, recipient.since, DIGEST_MAX_ITEMS
        )
        await uow.mail_accounts.mark_digest_sent(recipient.user_id, now)
        if total:
            await uow.mail.enqueue(digest_mail(recipient, texts, total))
            sent += 1
    await uow.commit()
    return sent
