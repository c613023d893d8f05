"""Serving the app in this process with uvicorn (WebSocket included) and speaking
graphql-transport-ws to it: shared by the live-event tests and bench/live.py."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving_app(app: Starlette) -> AsyncIterator[str]:
    """The app on a free port of 127.0.0.1 until the block exits; yields its ws:// URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, lifespan="off", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "server stopped at start"
        await asyncio.sleep(0.02)
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        server.force_exit = True
        await asyncio.wait_for(task, timeout=15)


EVENTS = """subscription($kinds: [LiveEventKind!]) { events(kinds: $kinds) {
  kind listingKind listingId status provinceCode fieldCode title at dealKind valueVnd } }"""


@asynccontextmanager
async def subscribed(
    url: str, token: str | None = None, kinds: list[str] | None = None
) -> AsyncIterator[ClientConnection]:
    """A socket that sent connection_init (with the token) and subscribed to `events`."""
    async with connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": EVENTS, "variables": {"kinds": kinds}},
                }
            )
        )
        yield ws


async def next_event(ws: ClientConnection, wait: float = 5.0) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), wait))
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
            continue
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return dict(message["payload"]["data"]["events"])


async def wait_for_listeners(hubs: list[Any], subscribers: int, seconds: float = 10) -> None:
    """Until the hubs hold `subscribers` subscriptions (a subscription is live once its
    resolver has entered the hub, a moment after `subscribe` is sent)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while sum(h.subscribers for h in hubs) < subscribers:
        assert asyncio.get_running_loop().time() < deadline, "subscriptions did not start"
        await asyncio.sleep(0.02)
