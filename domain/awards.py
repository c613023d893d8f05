"""Awards of needs and challenges: who won, through which connection or offer. Public, like
the need's timeline, so that a prize or an order is seen to go to a named organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class NeedAward:
    need_id: UUID
    winner_organization_id: UUID
    connection_id: UUID | None
    offer_id: UUID | None
    awarded_by: UUID
    created_at: datetime


class NeedAwardRepository(Protocol):
    async def add(
        self,
        *,
        need_id: UUID,
        winner_organization_id: UUID,
        connection_id: UUID | None,
        offer_id: UUID | None,
        awarded_by: UUID,
    ) -> NeedAward: ...

    async def of_needs(self, need_ids: list[UUID]) -> list[NeedAward]: ...
