"""Sending webhook deliveries: the worker's job. Deliveries were queued in the transaction of
the feed item that caused them (db/federation/feed.py); here they are taken with SKIP LOCKED,
signed per Standard Webhooks and posted concurrently. A failure is retried with exponential
backoff; after MAX_ATTEMPTS a delivery is `failed`, and when a delivery has failed
PAUSE_AFTER_FAILURES attempts in a row its subscription is paused (deliveries of a paused
subscription wait for `resume`).

The sender is a service of the worker, beside its outbox loop: LANES loops each claim a small
batch, so at most LANES x LANE_BATCH posts are in flight and one slow subscriber holds back
only its own batch. The feed builder NOTIFYs when it queues deliveries, which wakes the lanes.
Each lane has its own small connection pool: httpcore's pool work grows with the square of
the requests waiting in one pool (measured in BENCHMARKS.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from db.federation.signals import Wakeup
from db.tables import webhook_deliveries, webhook_subscriptions
from domain.federation.webhooks import MAX_ATTEMPTS, PAUSE_AFTER_FAILURES, backoff

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(5.0)
LANES = 8
LANE_BATCH = 8
IDLE_SECONDS = 0.5  # retries fall due by time: looked for at least this often


@dataclass(frozen=True, slots=True)
class Outcome:
    delivery_id: int
    subscription_id: Any
    ok: bool
    status_code: int | None
    error: str | None


def signed_headers(secret: str, message_id: str, body: str, at: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(message_id, at, body)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "user-agent": "Innovex-Webhooks/1",
    }


async def _post(client: httpx.AsyncClient, row: Any) -> Outcome:
    body = json.dumps(row.payload, ensure_ascii=False, separators=(",", ":"))
    headers = signed_headers(row.secret, row.message_id, body, datetime.now(UTC))
    try:
        response = await client.post(row.url, content=body.encode(), headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(row.id, row.subscription_id, False, None, type(exc).__name__)
    ok = 200 <= response.status_code < 300
    return Outcome(row.id, row.subscription_id, ok, response.status_code, None if ok else "status")


async def deliver_due(
    sessions: async_sessionmaker[AsyncSession], client: httpx.AsyncClient, batch: int = 200
) -> int:
    """Send one batch of due deliveries; returns how many were attempted."""
    async with sessions() as session, session.begin():
        rows = (
            await session.execute(
                select(
                    webhook_deliveries.c.id,
                    webhook_deliveries.c.subscription_id,
                    webhook_deliveries.c.message_id,
                    webhook_deliveries.c.payload,
                    webhook_deliveries.c.attempts,
                    webhook_subscriptions.c.url,
                    webhook_subscriptions.c.secret,
                )
                .join(
                    webhook_subscriptions,
                    webhook_subscriptions.c.id == webhook_deliveries.c.subscription_id,
                )
                .where(
                    webhook_deliveries.c.status == "pending",
                    webhook_deliveries.c.next_attempt_at <= func.now(),
                    webhook_subscriptions.c.status == "active",
                )
                .order_by(webhook_deliveries.c.next_attempt_at, webhook_deliveries.c.id)
                .limit(batch)
                .with_for_update(of=webhook_deliveries, skip_locked=True)
            )
        ).all()
        if not rows:
            return 0
        outcomes = await asyncio.gather(*(_post(client, r) for r in rows))
        attempts = {r.id: r.attempts + 1 for r in rows}
        await _record(session, outcomes, attempts)
        return len(rows)


async def _record(session: AsyncSession, outcomes: list[Outcome], attempts: dict[int, int]) -> None:
    delivered = [o.delivery_id for o in outcomes if o.ok]
    if delivered:
        await session.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id.in_(delivered))
            .values(
                status="delivered",
                attempts=webhook_deliveries.c.attempts + 1,
                delivered_at=func.now(),
                last_status_code=200,
                last_error=None,
            )
        )
        ok_subs = {o.subscription_id for o in outcomes if o.ok}
        await session.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id.in_(ok_subs))
            .values(consecutive_failures=0)
        )
    for o in outcomes:
        if o.ok:
            continue
        n = attempts[o.delivery_id]
        await session.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == o.delivery_id)
            .values(
                status="failed" if n >= MAX_ATTEMPTS else "pending",
                attempts=n,
                next_attempt_at=func.now() + backoff(n),
                last_status_code=o.status_code,
                last_error=o.error,
            )
        )
        await session.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == o.subscription_id)
            .values(consecutive_failures=webhook_subscriptions.c.consecutive_failures + 1)
        )
    # Paused when one of its deliveries has failed PAUSE_AFTER_FAILURES attempts in a row: those
    # are spread by the backoff (30 s at least), whereas deliveries sent together to a
    # subscriber down for a moment (another service still starting) all fail at once.
    exhausted = {
        o.subscription_id
        for o in outcomes
        if not o.ok and attempts[o.delivery_id] >= PAUSE_AFTER_FAILURES
    } - {o.subscription_id for o in outcomes if o.ok}
    if exhausted:
        await session.execute(
            update(webhook_subscriptions)
            .where(
                webhook_subscriptions.c.id.in_(exhausted),
                webhook_subscriptions.c.status == "active",
            )
            .values(status="paused", paused_at=func.now())
        )


class WebhookSender:
    """Sends due deliveries: `serve` as a worker service, `run` once until nothing is due."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], wakeup: Wakeup | None = None
    ) -> None:
        self._sessions = sessions
        self._wakeup = wakeup
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            limits = httpx.Limits(max_connections=LANES * LANE_BATCH)
            self._client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False, limits=limits)
        return self._client

    async def run(self, batch: int = 200) -> int:
        total = 0
        while True:
            sent = await deliver_due(self._sessions, self._http(), batch)
            total += sent
            if sent == 0:
                return total

    async def serve(self, stopping: asyncio.Event) -> None:
        idle = asyncio.Event()
        lanes = [asyncio.create_task(self._lane(stopping, idle)) for _ in range(LANES)]
        try:
            while not stopping.is_set():
                if self._wakeup is not None:
                    await self._wakeup.ensure()
                    await self._wakeup.wait(IDLE_SECONDS)
                else:
                    await asyncio.sleep(IDLE_SECONDS / 5)
                idle.set()  # woken (or the timer): every lane looks again
            idle.set()
            await asyncio.gather(*lanes, return_exceptions=True)
        finally:
            for lane in lanes:
                lane.cancel()
            await self.aclose()

    async def _lane(self, stopping: asyncio.Event, idle: asyncio.Event) -> None:
        limits = httpx.Limits(max_connections=LANE_BATCH, max_keepalive_connections=LANE_BATCH)
        async with httpx.AsyncClient(
            timeout=TIMEOUT, follow_redirects=False, limits=limits
        ) as client:
            await self._deliver(client, stopping, idle)

    async def _deliver(
        self, client: httpx.AsyncClient, stopping: asyncio.Event, idle: asyncio.Event
    ) -> None:
        failures = 0
        while not stopping.is_set():
            try:
                sent = await deliver_due(self._sessions, client, LANE_BATCH)
            except Exception:  # the database away: the lane waits and tries again
                failures += 1
                if failures == 1:
                    logger.exception("webhook delivery failed; retrying")
                await asyncio.sleep(min(30.0, 0.5 * 2**failures))
                continue
            failures = 0
            if sent == 0:
                idle.clear()
                await idle.wait()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._wakeup is not None:
            await self._wakeup.close()
