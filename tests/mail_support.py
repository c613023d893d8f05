"""A real local SMTP server (aiosmtpd on a free 127.0.0.1 port) and the worker's drainer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.mail_outbox import MailOutboxDrainer
from innovex.mail import KeptMail, LocalMailServer, SmtpMailSender, SmtpTarget, kept_mail


class Mailbox:
    def __init__(self, server: LocalMailServer, data_dir: Path) -> None:
        self.server = server
        self.data_dir = data_dir
        self.sender = SmtpMailSender(SmtpTarget.from_url(server.url), "Innovex <no-reply@x.vn>")

    def drainer(self, sessions: async_sessionmaker[AsyncSession]) -> MailOutboxDrainer:
        return MailOutboxDrainer(sessions, self.sender)

    def messages(self) -> list[KeptMail]:
        return kept_mail(self.data_dir)

    def to(self, address: str) -> list[KeptMail]:
        return [m for m in self.messages() if m.recipient == address]


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    server = LocalMailServer(tmp_path).start()
    try:
        yield Mailbox(server, tmp_path)
    finally:
        server.stop()


def code_in(body: str) -> str:
    """The token a verification or reset message carries."""
    match = re.search(r"token=([A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)
