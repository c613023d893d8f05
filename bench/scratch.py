"""The PostgreSQL a bench runs against (DATABASE_URL, or the embedded server in .data/bench)
and a migrated scratch database in it, dropped afterwards unless kept."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_url(data_dir: Path = ROOT / ".data" / "bench") -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from db.engine import libpq_url

        return libpq_url(url)
    from db.embedded import start_embedded

    return start_embedded(data_dir, database="postgres")


@contextmanager
def scratch_database(prefix: str, *, keep: bool = False) -> Iterator[str]:
    """A migrated database `<prefix>_<random>` on server_url(); `keep` leaves it for a rerun."""
    from db.databases import create_database, drop_database
    from innovex.bootstrap import migrate

    server = server_url()
    url = create_database(server, f"{prefix}_{secrets.token_hex(3)}")
    try:
        migrate(url)
        yield url
    finally:
        if keep:
            print(f"kept {url}")
        else:
            drop_database(server, url)
