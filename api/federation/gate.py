"""API keys and rate limits at the HTTP edge.

A key is sent as `Authorization: ApiKey <secret>` or `X-Api-Key: <secret>`. A bad, revoked or
expired key gets 401 whatever the path. A good one is put on the request
(`request.state.api_key`), its last use is recorded (at most once a minute) and its own
per-minute limit applies to every path. Without a key, the open-data paths (`/feed`,
`/open-data/`) are limited per client address at OPEN_DATA_RATE_PER_MINUTE; over a limit the
answer is 429 with Retry-After. Limits are counted per process (`limits`, moving window in
memory): with N API processes a client gets up to N times the limit.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import ApiDeps
from db.federation.access import SqlApiKeyRepository, record_key_use
from domain.federation.keys import KeyPrincipal, hash_secret

OPEN_DATA_PREFIXES = ("/feed", "/open-data/")


def key_secret(headers: dict[str, str]) -> str | None:
    direct = headers.get("x-api-key", "").strip()
    if direct:
        return direct
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "apikey" and value.strip():
        return value.strip()
    return None


class ApiKeyGate:
    def __init__(self, app: ASGIApp, deps: ApiDeps) -> None:
        self.app = app
        self.deps = deps
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        secret = key_secret(headers)
        path: str = scope["path"]
        principal: KeyPrincipal | None = None
        if secret is not None:
            principal = await self._authenticate(secret)
            if principal is None:
                await JSONResponse(
                    {"errors": [{"message": "Invalid, revoked or expired API key."}]},
                    status_code=401,
                    headers={"www-authenticate": "ApiKey"},
                )(scope, receive, send)
                return
            limit = RateLimitItemPerMinute(principal.rate_limit_per_minute)
            identity = f"key:{principal.key_id}"
        elif path.startswith(OPEN_DATA_PREFIXES):
            limit = RateLimitItemPerMinute(self.deps.open_data_rate_per_minute)
            client = scope.get("client")
            identity = f"ip:{client[0] if client else 'unknown'}"
        else:
            limit = None
            identity = ""
        if limit is not None and not await self.limiter.hit(limit, identity):
            stats = await self.limiter.get_window_stats(limit, identity)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            await JSONResponse(
                {"errors": [{"message": "Rate limit exceeded; retry later or use an API key."}]},
                status_code=429,
                headers={"retry-after": str(retry)},
            )(scope, receive, send)
            return
        scope.setdefault("state", {})["api_key"] = principal
        await self.app(scope, receive, send)

    async def _authenticate(self, secret: str) -> KeyPrincipal | None:
        async with self.deps.sessions() as session:
            principal = await SqlApiKeyRepository(session).authenticate(
                hash_secret(secret), self.deps.clock.now()
            )
            if principal is not None:
                await record_key_use(session, principal.key_id)
                await session.commit()
        return principal
