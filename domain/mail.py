"""Mail: what the platform sends, in the recipient's language, and the ports that send it.

Use cases never talk to a mail server. They put an `OutgoingMail` in the mail outbox
(`MailQueue`) inside their transaction; the worker hands it to a `MailSender` (SMTP) later and
retries on failure. Texts are built here from templates and public facts only: a token, a
display name, notification texts (which are public by construction, see
`domain.notifications`). Descriptions, messages, review notes and file names never go in.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from domain.accounts import Locale

VERIFY_EMAIL_TTL = timedelta(days=3)
RESET_PASSWORD_TTL = timedelta(hours=1)
DIGEST_MAX_ITEMS = 20


class EmailTokenPurpose(enum.StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


class DigestFrequency(enum.StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def period(self) -> timedelta | None:
        return {"daily": timedelta(days=1), "weekly": timedelta(days=7)}.get(self.value)


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class DigestRecipient:
    user_id: UUID
    email: str
    display_name: str
    locale: Locale
    frequency: DigestFrequency
    since: datetime  # notifications newer than this go in


class MailQueue(Protocol):
    async def enqueue(self, mail: OutgoingMail) -> None: ...


class MailSender(Protocol):
    async def send(self, mail: OutgoingMail) -> None:
        """Deliver or raise; the worker retries what raised."""
        ...


class EmailTokenRepository(Protocol):
    async def add(
        self, *, user_id: UUID, purpose: EmailTokenPurpose, token_hash: bytes, expires_at: datetime
    ) -> None: ...

    async def consume(
        self, *, purpose: EmailTokenPurpose, token_hash: bytes, now: datetime
    ) -> UUID | None:
        """Mark a live token used and return its user, or None if unknown, used or expired."""
        ...

    async def discard_for(self, user_id: UUID, purpose: EmailTokenPurpose, now: datetime) -> None:
        """Use up every live token of this purpose (a new one replaces them)."""
        ...


def _greeting(locale: Locale, name: str) -> str:
    return f"Xin chào {name}," if locale is Locale.VI else f"Hello {name},"


_SIGNATURE = {
    Locale.VI: "Cổng Đổi mới sáng tạo quốc gia — Innovex",
    Locale.EN: "National Innovation Portal — Innovex",
}


def verify_email_mail(
    to: str, name: str, locale: Locale, token: str, public_url: str
) -> OutgoingMail:
    link = f"{public_url.rstrip('/')}/verify-email?token={token}"
    if locale is Locale.VI:
        subject = "Xác minh địa chỉ email của bạn"
        lines = [
            "Vui lòng xác minh địa chỉ email để có thể nộp hồ sơ và gửi yêu cầu kết nối.",
            f"Mở liên kết: {link}",
            f"hoặc dùng mã xác minh: {token}",
            "Mã có hiệu lực trong 3 ngày. Nếu bạn không đăng ký, hãy bỏ qua thư này.",
        ]
    else:
        subject = "Verify your email address"
        lines = [
            "Please verify your email address to submit listings and request connections.",
            f"Open this link: {link}",
            f"or use the verification code: {token}",
            "The code is valid for 3 days. If you did not sign up, ignore this message.",
        ]
    return _mail(to, subject, locale, name, lines)


def reset_password_mail(
    to: str, name: str, locale: Locale, token: str, public_url: str
) -> OutgoingMail:
    link = f"{public_url.rstrip('/')}/reset-password?token={token}"
    if locale is Locale.VI:
        subject = "Đặt lại mật khẩu"
        lines = [
            "Có người (có thể là bạn) đã yêu cầu đặt lại mật khẩu cho tài khoản này.",
            f"Mở liên kết: {link}",
            f"hoặc dùng mã: {token}",
            "Mã dùng được một lần, trong 1 giờ. Sau khi đặt lại, mọi phiên đăng nhập bị thu hồi.",
            "Nếu không phải bạn, hãy bỏ qua thư này: mật khẩu của bạn không đổi.",
        ]
    else:
        subject = "Reset your password"
        lines = [
            "Someone (probably you) asked to reset the password of this account.",
            f"Open this link: {link}",
            f"or use the code: {token}",
            "The code works once, for 1 hour. After a reset every session is signed out.",
            "If it was not you, ignore this message: your password stays the same.",
        ]
    return _mail(to, subject, locale, name, lines)


def digest_mail(recipient: DigestRecipient, texts: Sequence[str], total: int) -> OutgoingMail:
    locale = recipient.locale
    daily = recipient.frequency is DigestFrequency.DAILY
    if locale is Locale.VI:
        subject = f"Bản tin {'hằng ngày' if daily else 'hằng tuần'}: {total} thông báo mới"
        intro = f"Bạn có {total} thông báo mới:"
        more = f"… và {total - len(texts)} thông báo khác."
        outro = "Đổi tần suất bản tin trong phần cài đặt tài khoản (setDigestFrequency)."
    else:
        subject = f"Your {'daily' if daily else 'weekly'} digest: {total} new notifications"
        intro = f"You have {total} new notifications:"
        more = f"… and {total - len(texts)} more."
        outro = (
            "Change how often you get this digest in your account settings (setDigestFrequency)."
        )
    lines = [intro, *(f"- {t}" for t in texts)]
    if total > len(texts):
        lines.append(more)
    lines.append(outro)
    return _mail(recipient.email, subject, locale, recipient.display_name, lines)


def _mail(to: str, subject: str, locale: Locale, name: str, lines: Sequence[str]) -> OutgoingMail:
    body = "\n".join([_greeting(locale, name), "", *lines, "", "-- ", _SIGNATURE[locale], ""])
    return OutgoingMail(to=to, subject=subject, body=body)
