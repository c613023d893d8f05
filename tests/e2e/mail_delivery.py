"""Sending a database's queued mail to a real local SMTP server, as the worker would."""

from __future__ import annotations

import asyncio
from pathlib import Path

from db.engine import make_engine, make_sessionmaker
from db.mail_outbox import MailOutboxDrainer
from innovex.mail import KeptMail, LocalMailServer, SmtpMailSender, SmtpTarget, kept_mail


def deliver_queued_mail(database_url: str, data_dir: Path) -> list[KeptMail]:
    server = LocalMailServer(data_dir).start()
    try:

        async def drain() -> None:
            engine = make_engine(database_url)
            try:
                sender = SmtpMailSender(SmtpTarget.from_url(server.url), "no-reply@innovex.local")
                await MailOutboxDrainer(make_sessionmaker(engine), sender).drain()
            finally:
                await engine.dispose()

        asyncio.run(drain())
    finally:
        server.stop()
    return kept_mail(data_dir)
