"""A password hasher that fails: for tests of how unexpected faults are reported."""

from __future__ import annotations

from collections.abc import Sequence


class ExplodingHasher:
    def __init__(self, message: str = "hasher broke") -> None:
        self.message = message

    async def hash(self, password: str) -> str:
        raise RuntimeError(self.message)

    async def verify(self, password_hash: str, password: str) -> bool:
        return False

    def weakness(self, password: str, user_inputs: Sequence[str]) -> str | None:
        return None
