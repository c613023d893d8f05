"""Webhooks delivered to a real local receiver (signed, retried, paused) and the open-data
exports (every row valid against the standard, nothing confidential)."""

from __future__ import annotations

import asyncio
import csv
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from db.tables import webhook_deliveries, webhook_subscriptions
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.federation.feed import RecordType
from domain.listings import OfferStatus
from domain.services import federation as fc
from federation.exports import csv_row_to_record, write_exports
from federation.validation import StandardValidator
from federation.webhooks import deliver_due
from tests.factories import make_offer, make_organization, make_user
from tests.federation.conftest import MARKER
from tests.federation.test_feed import drain_feed


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 200

    async def endpoint(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.body()))
        return Response(status_code=self.status)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    rec = Receiver()
    app = Starlette(routes=[Route("/hook", rec.endpoint, methods=["POST"])])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    yield rec, f"http://127.0.0.1:{port}/hook"
    server.should_exit = True
    await task


async def subscribed(session: AsyncSession, url: str, types: list[str]) -> tuple[Any, ...]:
    """(owner, organisation, subscription, secret): an organisation subscribed to `url`."""
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    actor = Actor(user_id=owner.user.id, memberships={org.id: MemberRole.OWNER})
    sub, secret = await fc.register_webhook(
        SqlUnitOfWork(session),
        actor,
        None,
        fc.RegisterWebhook(org.id, url, types),
        allow_http_hosts=frozenset({"127.0.0.1"}),
    )
    return owner, org, sub, secret


async def test_deliveries_are_signed_retried_and_paused_after_failures(
    committed: async_sessionmaker[AsyncSession], receiver: tuple[Receiver, str]
) -> None:
    rec, url = receiver
    async with committed() as s:
        owner, org, sub, secret = await subscribed(s, url, ["offer.upserted", "offer.deleted"])
        await make_offer(s, owner.user, org, status=OfferStatus.LISTED, contact_name=MARKER)
    await drain_feed(committed)
    async with httpx.AsyncClient() as client:
        assert await deliver_due(committed, client) == 1
        headers, body = rec.received[0]
        payload = Webhook(secret).verify(body, headers)  # raises when the signature is wrong
        assert payload["type"] == "offer.upserted"
        assert MARKER not in body.decode()
        assert StandardValidator().feed_item_errors(payload["data"]) == []

        # A failing subscriber: retried with backoff, then the subscription pauses.
        rec.status = 500
        async with committed() as s:
            await make_offer(s, owner.user, org, status=OfferStatus.LISTED)
        await drain_feed(committed)
        for _ in range(5):
            async with committed() as s:
                await s.execute(update(webhook_deliveries).values(next_attempt_at=select_now()))
                await s.commit()
            await deliver_due(committed, client)
        async with committed() as s:
            status = await s.scalar(
                select(webhook_subscriptions.c.status).where(webhook_subscriptions.c.id == sub.id)
            )
            pending = (
                await s.execute(
                    select(webhook_deliveries.c.status, webhook_deliveries.c.attempts).where(
                        webhook_deliveries.c.status == "pending"
                    )
                )
            ).all()
        assert status == "paused"
        assert [tuple(p) for p in pending] == [("pending", 5)]
        # Paused: nothing is sent, even when due.
        assert await deliver_due(committed, client) == 0


async def test_a_subscriber_down_for_a_moment_is_not_paused_by_many_failures_at_once(
    committed: async_sessionmaker[AsyncSession], receiver: tuple[Receiver, str]
) -> None:
    rec, url = receiver
    async with committed() as s:
        owner, org, sub, _ = await subscribed(s, url, ["offer.upserted"])
        for _ in range(7):  # more deliveries than the failures that pause a subscription
            await make_offer(s, owner.user, org, status=OfferStatus.LISTED)
    await drain_feed(committed)
    rec.status = 503  # still starting
    async with httpx.AsyncClient() as client:
        assert await deliver_due(committed, client) == 7
        async with committed() as s:
            status = await s.scalar(
                select(webhook_subscriptions.c.status).where(webhook_subscriptions.c.id == sub.id)
            )
        assert status == "active"
        rec.status = 200
        async with committed() as s:
            await s.execute(update(webhook_deliveries).values(next_attempt_at=select_now()))
            await s.commit()
        assert await deliver_due(committed, client) == 7
    async with committed() as s:
        states = (await s.execute(select(webhook_deliveries.c.status))).scalars().all()
    assert states == ["delivered"] * 7


def select_now() -> Any:
    from sqlalchemy import func

    return func.now()


async def test_exports_hold_valid_public_rows_only(
    committed: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with committed() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user)
        await make_offer(
            s, owner.user, org, status=OfferStatus.LISTED, description=MARKER, contact_name=MARKER
        )
        await make_offer(s, owner.user, org, title="Bản nháp không công khai")
    manifest = await write_exports(committed, tmp_path, "http://127.0.0.1:8000")
    assert manifest["licence"]["name"] == "CC BY 4.0"
    assert manifest["generatedAt"]
    assert manifest["files"]["offer.jsonl"]["records"] == 1
    validator = StandardValidator("http://127.0.0.1:8000")
    for record_type in RecordType:
        jsonl = (tmp_path / f"{record_type.value}.jsonl").read_text()
        for line in jsonl.splitlines():
            assert validator.errors(record_type.value, json.loads(line)) == []
        with (tmp_path / f"{record_type.value}.csv").open() as f:
            for row in csv.DictReader(f):
                record = csv_row_to_record(record_type, row)
                assert validator.errors(record_type.value, record) == [], record
    everything = "".join(p.read_text() for p in sorted(tmp_path.glob("*")))  # noqa: ASYNC240
    assert MARKER not in everything
    assert "Bản nháp" not in everything
