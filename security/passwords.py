"""Password hashing with argon2id (argon2-cffi's recommended parameters) and password strength
with zxcvbn."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

# zxcvbn scores 0-4; 3 is "safely unguessable: moderate protection from offline slow-hash
# scenario" (about 10^8 guesses), which is what a stolen argon2 hash must withstand.
MIN_SCORE = 3
# zxcvbn's matching is super-linear in the length; past this prefix a password is long enough.
_SCORED_CHARS = 100


class Argon2PasswordHasher:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    # argon2 takes tens of milliseconds of CPU by design; in a worker thread (argon2-cffi
    # releases the GIL) it no longer stalls every other request on the event loop.
    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def weakness(self, password: str, user_inputs: Sequence[str]) -> str | None:
        result = zxcvbn(password[:_SCORED_CHARS], user_inputs=[i for i in user_inputs if i])
        if result["score"] >= MIN_SCORE:
            return None
        warning = result["feedback"].get("warning") or ""
        return ("is too easy to guess. " + warning).strip()
