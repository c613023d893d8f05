"""`innovex serve --workers N`: N API processes on one port, and the outbox worker in its own.

One Python process serves GraphQL on one core at most (the GIL), so a 2-core host needs two
API processes to use both. uvicorn's supervisor binds the port once and spawns N processes that
accept on the shared socket; each builds its own app through `app_from_environment` (engine,
pool, schema, caches: nothing is shared but the database). The outbox worker runs as
`innovex worker` beside them, so embedding batches never hold an API process's event loop.

What every process must agree on travels through the environment (the resolved database URL)
or PostgreSQL; caches stay per process with the staleness bounds README's "Caches" names.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.supervisors import Multiprocess

from innovex.settings import Settings

if TYPE_CHECKING:
    from innovex.bootstrap import Runtime

logger = logging.getLogger(__name__)

# The database URL the parent resolved (the embedded server's socket, started once by the
# parent), so the children neither race to start it nor reconfigure it.
RESOLVED_URL = "INNOVEX_RESOLVED_DATABASE_URL"


def resolved_database_url() -> str | None:
    return os.environ.get(RESOLVED_URL) or None


def app_from_environment() -> ASGIApp:
    """uvicorn's factory, called once in each API process."""
    from innovex.bootstrap import Runtime
    from innovex.logging_config import configure_logging
    from innovex.server import freeze_startup_heap
    from innovex.settings import load_settings

    settings = load_settings()
    configure_logging(settings.log_level)
    runtime = Runtime.build(settings, resolved_database_url())
    app = ClosesRuntime(runtime.app(), runtime)
    freeze_startup_heap()
    logger.info("api process ready", extra={"pid": os.getpid()})
    return app


class ClosesRuntime:
    """Closes the process's pool when uvicorn stops it (the lifespan's shutdown): connections
    left to the garbage collector at exit are cancelled mid-close and logged as errors."""

    def __init__(self, app: Starlette, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.runtime.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


class NoDelayConfig(uvicorn.Config):
    """uvicorn's Config, binding its TCP socket as IPPROTO_TCP.

    uvicorn binds the shared socket of its worker processes with protocol 0; accepted sockets
    inherit it, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that say
    IPPROTO_TCP. With Nagle on, the tail of a response waits for the client's delayed ACK:
    ~40 ms stalls on keep-alive connections (Kludex/uvicorn#3149; BENCHMARKS.md, processes).
    """

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
            return sock
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp


def serve_processes(
    settings: Settings,
    *,
    workers: int,
    with_worker: bool,
    host: str | None = None,
    port: int | None = None,
    database_url: str | None = None,
) -> None:
    from innovex.bootstrap import resolve_database_url
    from innovex.server import supervise_embedded

    os.environ[RESOLVED_URL] = database_url or resolve_database_url(settings)
    supervisor = supervise_embedded(settings)
    outbox = (
        subprocess.Popen([sys.executable, "-m", "innovex", "worker"], env=os.environ.copy())
        if with_worker
        else None
    )
    config = NoDelayConfig(
        "innovex.processes:app_from_environment",
        factory=True,
        workers=workers,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    try:
        # What uvicorn.run does for workers > 1, with our Config.
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    except KeyboardInterrupt:
        pass
    finally:
        if outbox is not None:
            stop_process(outbox)
        if supervisor is not None:
            supervisor.stop()


def stop_process(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM (the worker finishes or rolls back its batch), then SIGKILL after `grace`."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        logger.warning("outbox worker did not stop in %.0f s; killed", grace)
        process.kill()
        process.wait()
