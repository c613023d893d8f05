"""Throttling of the password endpoints (signIn, signUp), by client address and by account.

State is in process memory (`limits`' MemoryStorage, moving windows): with N API processes a
client gets up to N times the budget, which still bounds guessing to a few attempts a minute
per process, at no database round trip per attempt. See README, "Rate limits".
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import strawberry
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.requests import Request

# Every signIn or signUp from one address (argon2 runs for each): a person types far fewer.
PER_ADDRESS = "20/minute"
# Wrong passwords for one email (whether or not it has an account, so both read the same).
FAILURES_PER_ACCOUNT = "5/15minutes"


@strawberry.type(description="Too many attempts: wait `retryAfterSeconds` and try again.")
class Throttled:
    message: str
    retry_after_seconds: int


@dataclass(frozen=True, slots=True)
class _Limit:
    item: RateLimitItem
    namespace: str


class PasswordThrottle:
    def __init__(
        self, *, per_address: str = PER_ADDRESS, failures_per_account: str = FAILURES_PER_ACCOUNT
    ) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._address = _Limit(parse(per_address), "address")
        self._account = _Limit(parse(failures_per_account), "account")

    async def attempt(self, address: str, account: str) -> Throttled | None:
        """Count one attempt from `address` for `account`; a Throttled answer when either is
        over its limit (and then nothing else should run)."""
        waits = [
            await self._wait(self._account, account),
            await self._wait(self._address, address),
        ]
        wait = max(waits)
        if wait > 0:
            return Throttled(
                message=f"Too many attempts; try again in {wait} seconds.",
                retry_after_seconds=wait,
            )
        await self._limiter.hit(self._address.item, self._address.namespace, address)
        return None

    async def failed(self, account: str) -> None:
        await self._limiter.hit(self._account.item, self._account.namespace, account)

    async def _wait(self, limit: _Limit, key: str) -> int:
        if await self._limiter.test(limit.item, limit.namespace, key):
            return 0
        stats = await self._limiter.get_window_stats(limit.item, limit.namespace, key)
        return max(1, math.ceil(stats.reset_time - time.time()))


def client_address(request: Request) -> str:
    """The peer's address; behind a reverse proxy, run uvicorn with --forwarded-allow-ips so
    that this is the client's, not the proxy's."""
    return request.client.host if request.client else "unknown"
