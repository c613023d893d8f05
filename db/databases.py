"""Whole databases on a server: the scratch ones of tests, checks, evaluation and benchmarks."""

from __future__ import annotations

import asyncio
from urllib.parse import urlparse

from sqlalchemy import text

from db.engine import make_engine, with_database


async def execute_autocommit(server_url: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE cannot run in one)."""
    engine = make_engine(server_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


def create_database(server_url: str, name: str) -> str:
    """Create database `name` on the server and return its URL."""
    asyncio.run(execute_autocommit(server_url, f'CREATE DATABASE "{name}"'))
    return with_database(server_url, name)


def drop_database(server_url: str, url: str) -> None:
    """Drop the database `url` names, closing its connections first."""
    name = urlparse(url).path.lstrip("/")
    asyncio.run(execute_autocommit(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
