"""The webhook sender as a worker service: deliveries go out while another consumer's
backlog (the embedder, here a slow stand-in) is still being drained, woken by the feed
builder's NOTIFY rather than waiting for the outbox loop to go idle."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Sequence

import uvicorn
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from db.federation.feed import feed_handler
from db.federation.signals import WEBHOOK_CHANNEL, Wakeup
from db.tables import outbox
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.events import Consumer, ListingChanged
from domain.listings import OfferStatus
from domain.services import federation as fc
from federation.webhooks import WebhookSender
from innovex.worker import Worker
from tests.factories import make_offer, make_organization, make_user

OFFERS = 6


async def test_deliveries_do_not_wait_for_another_consumers_backlog(
    committed: async_sessionmaker[AsyncSession], committed_url: str
) -> None:
    arrived: list[float] = []

    async def hook(request: Request) -> Response:
        await request.body()
        arrived.append(time.monotonic())
        return Response(status_code=204)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Route("/hook", hook, methods=["POST"])]),
            host="127.0.0.1",
            port=port,
            log_level="error",
        )
    )
    serving = asyncio.create_task(server.serve())
    # Given a subscriber and offers listed, each queued for the feed and the embedder
    async with committed() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user)
        await fc.register_webhook(
            SqlUnitOfWork(s),
            Actor(user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}),
            None,
            fc.RegisterWebhook(org.id, f"http://127.0.0.1:{port}/hook", ["offer.upserted"]),
            allow_http_hosts=frozenset({"127.0.0.1"}),
        )
        for _ in range(OFFERS):
            await make_offer(s, owner.user, org, status=OfferStatus.LISTED)

    async def slow_embedder(_session: AsyncSession, _events: Sequence[ListingChanged]) -> None:
        await asyncio.sleep(0.5)  # a model batch; the real embedder runs in a thread too

    sender = WebhookSender(committed, Wakeup(committed_url, WEBHOOK_CHANNEL))
    worker = Worker(
        committed,
        {Consumer.EMBEDDING: slow_embedder, Consumer.FEED: feed_handler()},
        batch_sizes={Consumer.EMBEDDING: 1},
        services=[sender.serve],
    )
    # When the worker runs
    started = time.monotonic()
    running = asyncio.create_task(worker.run())
    try:
        for _ in range(200):
            if len(arrived) >= OFFERS:
                break
            await asyncio.sleep(0.05)
        async with committed() as s:
            embedding_left = await s.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.consumer == "embedding")
            )
    finally:
        worker.stop()
        await running
        server.should_exit = True
        await serving
    # Then every offer's webhook arrived while the embedder still had most of its backlog
    assert len(arrived) == OFFERS
    assert embedding_left >= OFFERS
    assert max(arrived) - started < 5
