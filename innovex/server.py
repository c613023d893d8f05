"""Run the API server (uvicorn) and the worker in one event loop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

import uvicorn

from innovex.bootstrap import Runtime, scheduled_jobs, worker_handlers
from innovex.settings import Settings
from innovex.worker import Worker

logger = logging.getLogger(__name__)


async def serve(
    settings: Settings,
    *,
    with_worker: bool,
    host: str | None = None,
    port: int | None = None,
    database_url: str | None = None,
) -> None:
    runtime = Runtime.build(settings, database_url)
    app = runtime.app()
    freeze_startup_heap()
    config = uvicorn.Config(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    worker = (
        Worker(runtime.sessions, worker_handlers(runtime), jobs=scheduled_jobs(runtime))
        if with_worker
        else None
    )
    worker_task = asyncio.create_task(worker.run()) if worker else None
    try:
        await server.serve()
    finally:
        if worker and worker_task:
            worker.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await worker_task
        await runtime.close()


def freeze_startup_heap() -> None:
    """Move everything built at start-up (modules, the schema, the model) out of the collector's
    reach. Without it each full collection walks those objects and stalls every request in
    flight (up to ~100 ms measured under load; see BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()


async def run_worker(settings: Settings) -> None:
    runtime = Runtime.build(settings)
    worker = Worker(runtime.sessions, worker_handlers(runtime), jobs=scheduled_jobs(runtime))
    loop = asyncio.get_running_loop()
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        await runtime.close()
