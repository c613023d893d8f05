"""The background worker: drains the outbox for every consumer that has a handler.

Handlers are registered by the composition root (`worker_handlers`): the search indexer and the
embedder. The loop polls every `poll_interval` seconds when idle, and keeps draining while work
remains, so a committed change reaches its consumers within about one poll interval.

Scheduled jobs (offer expiry) run from the same loop every `every` seconds; a failing job is
logged and retried at its next turn. Services (webhook delivery, the federation sync) run
beside the loop as tasks of their own, so a backlog of outbox events never delays them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.outbox import Handler, OutboxDrainer
from domain.events import Consumer

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    name: str
    every: float  # seconds
    run: Callable[[], Awaitable[object]]


SERVICE_GRACE_SECONDS = 5.0
# A long-running task beside the loop, given the stop event; it returns once it is set.
Service = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


class Worker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        handlers: Mapping[Consumer, Handler],
        *,
        poll_interval: float = 0.25,
        batch_size: int = 200,
        batch_sizes: Mapping[Consumer, int] | None = None,
        jobs: Sequence[ScheduledJob] = (),
        services: Sequence[Service] = (),
    ) -> None:
        self._jobs = list(jobs)
        self._services = list(services)
        self._next_run = {job.name: 0.0 for job in self._jobs}
        sizes = batch_sizes or {}
        self._drainers = [
            OutboxDrainer(sessions, consumer, handler, batch_size=sizes.get(consumer, batch_size))
            for consumer, handler in handlers.items()
        ]
        self._poll_interval = poll_interval
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run_once(self) -> int:
        """Drain every consumer until nothing is ready, or until `stop()` (checked between
        batches: a stop during a backlog waits for one batch, not for the whole backlog; the
        rest stays in the outbox for the next start). Consumers take turns, one batch each,
        so a slow backlog (embedding) does not hold the feed back. Returns events handled."""
        total = 0
        busy = list(self._drainers)
        while busy and not self._stopping.is_set():
            for drainer in list(busy):
                stats = await drainer.drain_once()
                total += stats.handled
                if stats.handled == 0:
                    busy.remove(drainer)
                if self._stopping.is_set():
                    break
        return total

    async def run_due_jobs(self) -> None:
        for job in self._jobs:
            if time.monotonic() < self._next_run[job.name]:
                continue
            self._next_run[job.name] = time.monotonic() + job.every
            try:
                await job.run()
            except Exception:  # a failing job waits for its next turn
                logger.exception("scheduled job failed", extra={"job": job.name})

    async def run(self) -> None:
        logger.info("worker started", extra={"consumers": len(self._drainers)})
        services = [asyncio.create_task(service(self._stopping)) for service in self._services]
        backoff = Backoff(self._poll_interval)
        try:
            while not self._stopping.is_set():
                await self.run_due_jobs()
                try:
                    await self.run_once()
                except Exception as error:  # a database hiccup must not kill the worker
                    backoff.failed(error)
                else:
                    backoff.succeeded()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=backoff.delay)
            # A service in the middle of a long call (a retried sync) is cancelled after a grace.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*services, return_exceptions=True), SERVICE_GRACE_SECONDS
                )
        finally:
            for task in services:
                task.cancel()
        logger.info("worker stopped")


class Backoff:
    """The wait between iterations: the poll interval while they succeed, doubling up to
    `ceiling` seconds while they fail (a database that is down is asked less and less often).
    One log line when failing starts (with the traceback) and one when it ends, not one per
    try: a restart of PostgreSQL is two lines, not a traceback every 250 ms."""

    def __init__(self, poll_interval: float, ceiling: float = 30.0) -> None:
        self._poll_interval = poll_interval
        self._ceiling = ceiling
        self.delay = poll_interval
        self.failures = 0

    def failed(self, error: Exception) -> None:
        self.failures += 1
        if self.failures == 1:
            logger.error("worker iteration failed; backing off", exc_info=error)
        self.delay = min(self._ceiling, self._poll_interval * 2**self.failures)

    def succeeded(self) -> None:
        if self.failures:
            logger.info("worker recovered", extra={"failed_iterations": self.failures})
        self.failures = 0
        self.delay = self._poll_interval
