"""Build adapters from settings. The only module that knows every other package."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.deps import ApiDeps
from db.engine import make_engine, make_sessionmaker
from db.migration_state import alembic_config
from db.outbox import Handler
from domain.events import Consumer
from innovex.security import Argon2PasswordHasher
from innovex.settings import Settings

logger = logging.getLogger(__name__)


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL if set, else the embedded server (started on demand) under data_dir."""
    if settings.database_url:
        return settings.database_url
    from db.embedded import start_embedded

    return start_embedded(settings.data_dir)


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


@dataclass
class Runtime:
    """Everything a process needs, built once from settings."""

    settings: Settings
    database_url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def build(cls, settings: Settings, database_url: str | None = None) -> Runtime:
        url = database_url or resolve_database_url(settings)
        engine = make_engine(url)
        return cls(
            settings=settings, database_url=url, engine=engine, sessions=make_sessionmaker(engine)
        )

    def api_deps(self) -> ApiDeps:
        return build_api_deps(self.settings, self.sessions)

    def app(self) -> Starlette:
        return create_app(self.api_deps())

    async def close(self) -> None:
        await self.engine.dispose()


def build_api_deps(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> ApiDeps:
    return ApiDeps(
        sessions=sessions,
        password_hasher=Argon2PasswordHasher(),
        production=settings.is_production,
        token_ttl=timedelta(hours=settings.token_ttl_hours),
        max_body_bytes=settings.max_body_bytes,
    )


def worker_handlers(runtime: Runtime) -> dict[Consumer, Handler]:
    """The outbox consumers this deployment runs. Search and embedding register here."""
    handlers: dict[Consumer, Handler] = {}
    return handlers
