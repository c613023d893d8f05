"""Per-request context: one session, one unit of work, the actor, DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from api.deps import ApiDeps
from api.loaders import Loaders
from db.repositories.accounts import SqlTokenRepository
from db.uow import SqlUnitOfWork
from domain.accounts import Actor
from domain.errors import NotAuthenticated
from domain.federation.keys import KeyPrincipal
from domain.services.accounts import hash_token

T = TypeVar("T")


class SessionHolder:
    """Opens the request's session on first use and closes it after the response."""

    def __init__(self, deps: ApiDeps) -> None:
        self._deps = deps
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._deps.sessions()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


@dataclass
class Context:
    request: Request
    deps: ApiDeps
    holder: SessionHolder
    _actor: Actor | None = None
    _auth_error: NotAuthenticated | None = None
    _resolved: bool = False
    _auth_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # A WebSocket's `connection_init` payload (strawberry sets it): where its token travels.
    connection_params: dict[str, Any] | None = None

    @property
    def session(self) -> AsyncSession:
        return self.holder.session

    @cached_property
    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session)

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders(self.session)

    @property
    def api_key(self) -> KeyPrincipal | None:
        """The API key the request was authenticated with (checked by api.federation.gate)."""
        principal: KeyPrincipal | None = self.request.scope.get("state", {}).get("api_key")
        return principal

    @property
    def bearer_token(self) -> str | None:
        header = self.request.headers.get("authorization", "")
        if self.connection_params is not None:
            given = self.connection_params.get("authorization")
            header = given if isinstance(given, str) else ""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()

    async def _resolve(self) -> None:
        async with self._auth_lock:
            if not self._resolved:
                await self._authenticate()
                self._resolved = True

    async def _authenticate(self) -> None:
        token = self.bearer_token
        if token is None:
            self._actor = Actor.anonymous()
            return
        try:
            self._actor = await SqlTokenRepository(self.session).authenticate(
                hash_token(token), self.deps.clock.now()
            )
        except NotAuthenticated as error:
            self._auth_error = error
            self._actor = Actor.anonymous()

    def forget_actor(self) -> None:
        """After a mutation changed the caller's memberships or roles, read them again."""
        self._resolved = False
        self._auth_error = None

    async def actor(self) -> Actor:
        """The caller; raises NotAuthenticated when a token was sent but is bad."""
        await self._resolve()
        if self._auth_error is not None:
            raise self._auth_error
        assert self._actor is not None
        return self._actor

    async def actor_or_anonymous(self) -> Actor:
        """For public reads: a bad token reads as anonymous."""
        await self._resolve()
        assert self._actor is not None
        return self._actor

    async def act(self, use_case: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Run a use case as the caller, in the request's unit of work: how every mutation
        calls into the domain."""
        return await use_case(self.uow, await self.actor(), *args, **kwargs)

    def now(self) -> datetime:
        return self.deps.clock.now()


Info = StrawberryInfo[Context, None]
