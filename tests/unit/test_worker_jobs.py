"""Scheduled jobs run on their period, and a failing job does not stop the others."""

from __future__ import annotations

from typing import Any

from innovex.worker import ScheduledJob, Worker


async def test_jobs_run_when_due_and_failures_wait_for_their_next_turn() -> None:
    runs: list[str] = []

    async def tick() -> None:
        runs.append("tick")

    async def broken() -> None:
        runs.append("broken")
        raise RuntimeError("database away")

    sessions: Any = None  # no outbox consumers: the sessions are never used
    worker = Worker(
        sessions,
        {},
        jobs=[
            ScheduledJob("tick", every=3600, run=tick),
            ScheduledJob("broken", every=3600, run=broken),
        ],
    )
    await worker.run_due_jobs()
    await worker.run_due_jobs()  # not due again for an hour
    assert runs == ["tick", "broken"]
