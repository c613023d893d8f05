"""What the API needs from the outside world, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.throttle import PasswordThrottle
from domain.ports import PasswordHasher


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(slots=True)
class ApiDeps:
    sessions: async_sessionmaker[AsyncSession]
    password_hasher: PasswordHasher
    production: bool = False
    token_ttl: timedelta = timedelta(days=30)
    max_body_bytes: int = 256 * 1024
    clock: Any = field(default_factory=SystemClock)
    password_throttle: PasswordThrottle = field(default_factory=PasswordThrottle)
    # Extra readiness checks (name -> coroutine returning (ok, detail)); the database check
    # is built in.
    readiness_checks: dict[str, Callable[[], Awaitable[tuple[bool, Any]]]] = field(
        default_factory=dict
    )
    # Adapters of later contexts (search index, embedder, receipt signer...) by name.
    extras: dict[str, Any] = field(default_factory=dict)
