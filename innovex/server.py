"""Run the API server (uvicorn) and the worker in one event loop."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Coroutine
from typing import Any

import uvicorn

from db.embedded import EmbeddedSupervisor
from domain.events import Consumer
from innovex.bootstrap import Runtime, scheduled_jobs, worker_handlers, worker_services
from innovex.mail import LocalMailServer
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
    local_mail: bool = False,
) -> None:
    runtime = Runtime.build(settings, database_url)
    supervisor = supervise_embedded(settings)
    mail_server = _local_mail_server(settings) if local_mail and with_worker else None
    if mail_server is not None:
        runtime.local_mail_url = mail_server.url
    app = runtime.app()
    freeze_startup_heap()
    config = uvicorn.Config(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        lifespan="off",
        # GraphQL subscriptions; the sans-I/O implementation (the legacy one is deprecated).
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    worker = build_worker(runtime) if with_worker else None
    worker_task = asyncio.create_task(worker.run()) if worker else None

    async def stop() -> None:
        if worker and worker_task:
            worker.stop()
            # The batch in progress may finish (its events are then deleted); past the grace
            # period it is cancelled and rolled back, and its events wait for the next start.
            try:
                await asyncio.wait_for(worker_task, timeout=STOP_GRACE_SECONDS)
            except TimeoutError:
                logger.warning("worker batch cancelled at shutdown; it will be redone")
        if supervisor is not None:
            supervisor.stop()
        if mail_server is not None:
            mail_server.stop()
        await runtime.close()

    try:
        await server.serve()
    finally:
        await to_the_end(stop())


async def to_the_end(cleanup: Coroutine[Any, Any, None]) -> None:
    """Runs `cleanup` to its end. Once uvicorn has stopped on SIGINT it raises the signal again,
    and asyncio.run turns that into a cancellation of the serving task: it cut the pool's
    closing short (an ERROR per pooled connection) and made a clean Ctrl-C exit with 130. The
    shutdown is already what the signal asked for, so that cancellation is absorbed here."""
    task = asyncio.ensure_future(cleanup)
    while True:
        try:
            await asyncio.shield(task)
            return
        except asyncio.CancelledError:
            if task.cancelled():
                raise
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()


def _local_mail_server(settings: Settings) -> LocalMailServer | None:
    """The development mail server: on 127.0.0.1, keeping messages for `innovex mail`.
    Not started when SMTP_URL is set or in production."""
    if settings.smtp_url or settings.is_production:
        return None
    server = LocalMailServer(settings.data_dir, settings.local_smtp_port).start()
    logger.info("local SMTP server on %s; list its mail with `innovex mail`", server.url)
    return server


def supervise_embedded(settings: Settings) -> EmbeddedSupervisor | None:
    """In development on the embedded server, restart it if it dies (`make run` should not
    need a human after a crash); a DATABASE_URL server is its operator's to supervise."""
    if settings.database_url or settings.is_production:
        return None
    return EmbeddedSupervisor(settings.data_dir).start()


STOP_GRACE_SECONDS = 5.0


def build_worker(runtime: Runtime) -> Worker:
    # Embedding is the slow consumer: small batches keep a Ctrl-C or SIGTERM during a backlog
    # short without costing throughput (one worker batch is one model batch).
    return Worker(
        runtime.sessions,
        worker_handlers(runtime),
        batch_sizes={Consumer.EMBEDDING: 32, Consumer.FEED: 1000},
        jobs=scheduled_jobs(runtime),
        services=worker_services(runtime),
    )


def freeze_startup_heap() -> None:
    """Move everything built at start-up (modules, the schema, the model) out of the collector's
    reach. Without it each full collection walks those objects and stalls every request in
    flight (measured in BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()


async def run_worker(settings: Settings) -> None:
    from innovex.processes import resolved_database_url

    # Beside `serve --workers N`, the URL the parent resolved (see innovex.processes).
    runtime = Runtime.build(settings, resolved_database_url())
    worker = build_worker(runtime)
    loop = asyncio.get_running_loop()
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    try:
        await worker.run()
    finally:
        await runtime.close()
