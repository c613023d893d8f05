"""What the demo loader keeps between steps: ids by demo key, the shared password, reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from domain.accounts import Actor, MemberRole, PlatformRole
from security.passwords import Argon2PasswordHasher

DEMO_PASSWORD = "innovex-demo-2026"
MARKER_REGISTRY_CODE = "DEMO-SEED-0001"


class OneHashHasher:
    """Every demo user has the same password: hash it once (argon2 is slow on purpose)."""

    def __init__(self) -> None:
        self._real = Argon2PasswordHasher()
        self._hash: str | None = None

    async def hash(self, password: str) -> str:
        if password != DEMO_PASSWORD:
            return await self._real.hash(password)
        if self._hash is None:
            self._hash = await self._real.hash(DEMO_PASSWORD)
        return self._hash

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self._real.verify(password_hash, password)

    def weakness(self, password: str, user_inputs: Sequence[str]) -> str | None:
        return self._real.weakness(password, user_inputs)


@dataclass
class Loaded:
    users: dict[str, UUID] = field(default_factory=dict)
    roles: dict[str, frozenset[PlatformRole]] = field(default_factory=dict)
    organizations: dict[str, UUID] = field(default_factory=dict)
    memberships: dict[UUID, dict[UUID, MemberRole]] = field(default_factory=dict)
    initiatives: dict[str, UUID] = field(default_factory=dict)
    offers: dict[str, UUID] = field(default_factory=dict)
    needs: dict[str, UUID] = field(default_factory=dict)
    reviewer_orgs: dict[str, str | None] = field(default_factory=dict)  # reviewer -> affiliation

    def actor(self, person_key: str) -> Actor:
        user_id = self.users[person_key]
        return Actor(
            user_id=user_id,
            email_verified=True,  # demo people are verified when seeded
            roles=self.roles.get(person_key, frozenset()),
            memberships=dict(self.memberships.get(user_id, {})),
        )


def operator_key(loaded: Loaded) -> str:
    return next(k for k, r in loaded.roles.items() if PlatformRole.OPERATOR in r)


# Public reasons an operator gives, in the language of the listing.
REASONS = {
    "vi": {
        "revision": "Đề nghị bổ sung số liệu thử nghiệm thực địa và làm rõ chi phí triển khai.",
        "accepted": "Hội đồng đánh giá cao tính mới và khả năng áp dụng thực tiễn.",
        "rejected": "Giải pháp trùng với sáng kiến đã được công nhận; chưa chứng minh tính mới.",
        "withdrawn": "Tác giả rút hồ sơ để hoàn thiện thêm.",
    },
    "en": {
        "revision": "Please add field-trial data and clarify deployment costs.",
        "accepted": "The council rated the novelty and practical applicability highly.",
        "rejected": "Overlaps an initiative already recognised; novelty not demonstrated.",
        "withdrawn": "The authors withdrew the submission to improve it.",
    },
}
