"""Statements run outside a transaction on a server's maintenance database."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from db.engine import make_engine


def run_admin_statement(server_url: str, sql: str) -> None:
    """Runs `sql` in autocommit (CREATE/DROP DATABASE cannot run inside a transaction)."""

    async def run() -> None:
        engine = make_engine(server_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    asyncio.run(run())
