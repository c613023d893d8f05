"""Mail adapters: the SMTP client (aiosmtplib) the worker sends with, and the local SMTP
server (aiosmtpd) that `innovex dev` / `make run` start when no SMTP_URL is configured. The
local server keeps every message in a Maildir under the data directory; `innovex mail` lists
them."""

from __future__ import annotations

import email.policy
import mailbox
import re
import socket
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from aiosmtpd.controller import Controller

from domain.mail import OutgoingMail


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # smtps:// (implicit TLS)
    start_tls: bool = False  # smtp://…?starttls=true

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        """smtp://[user:pass@]host[:port][?starttls=true] or smtps://…"""
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("must look like smtp://user:pass@host:587?starttls=true or smtps://…")
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=tls,
            start_tls="starttls=true" in (parts.query or "").lower(),
        )


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain="innovex")
    message.set_content(mail.body)  # UTF-8, so Vietnamese text arrives intact
    return message


class SmtpMailSender:
    """Sends each message in its own connection; the worker's batches are small."""

    def __init__(self, target: SmtpTarget, sender: str, *, timeout: float = 20.0) -> None:
        self._target = target
        self._sender = sender
        self._timeout = timeout

    async def send(self, mail: OutgoingMail) -> None:
        t = self._target
        await aiosmtplib.send(
            build_message(mail, self._sender),
            hostname=t.host,
            port=t.port,
            username=t.username,
            password=t.password,
            use_tls=t.use_tls,
            start_tls=t.start_tls,
            timeout=self._timeout,
        )


def mail_dir(data_dir: Path) -> Path:
    return data_dir / "mail"


class _KeepInMaildir:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._box = mailbox.Maildir(path, create=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        self._box.add(content if isinstance(content, bytes) else str(content).encode())
        return "250 Message accepted for delivery"


class LocalMailServer:
    """An SMTP server on 127.0.0.1 that keeps what it receives (development and tests)."""

    def __init__(self, data_dir: Path, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.path = mail_dir(data_dir)
        handler = _KeepInMaildir(self.path)
        self._controller = Controller(handler, hostname=host, port=self.port, ready_timeout=10)

    def start(self) -> LocalMailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class KeptMail:
    received_at: datetime
    recipient: str
    subject: str
    body: str


def kept_mail(data_dir: Path) -> list[KeptMail]:
    """Messages the local server kept, newest first (by arrival, to the microsecond)."""
    path = mail_dir(data_dir)
    if not path.exists():
        return []
    box = mailbox.Maildir(path, create=False)
    found: list[tuple[tuple[int, int], KeptMail]] = []
    for key in box.iterkeys():
        message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        arrival = _arrival(key)
        body_part = message.get_body(preferencelist=("plain",))
        body = body_part.get_content() if body_part is not None else ""
        kept = KeptMail(
            datetime.fromtimestamp(arrival[0]).astimezone(),
            str(message["To"]),
            str(message["Subject"]),
            str(body),
        )
        found.append((arrival, kept))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [kept for _, kept in found]


_MAILDIR_KEY = re.compile(r"^(\d+)\.M(\d+)")


def _arrival(key: str) -> tuple[int, int]:
    """Maildir names start with the delivery time: seconds, then `M` and microseconds."""
    match = _MAILDIR_KEY.match(key)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)
