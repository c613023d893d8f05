"""Events recorded by use cases in the transactional outbox.

A use case that changes a listing records a `ListingChanged`; the unit of work writes it in the
same transaction as the change, once per consumer. Consumers (the search indexer, the embedder)
re-read the listing when they handle the event, so events carry identifiers only and are
idempotent: handling one twice is harmless.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from uuid import UUID


class Consumer(enum.StrEnum):
    SEARCH = "search"
    EMBEDDING = "embedding"
    FEED = "feed"


class EntityKind(enum.StrEnum):
    INITIATIVE = "initiative"
    OFFER = "offer"
    NEED = "need"
    ORGANIZATION = "organization"
    FUND = "fund"
    DEAL = "deal"


@dataclass(frozen=True, slots=True)
class ListingChanged:
    kind: EntityKind
    entity_id: UUID

    def key(self) -> str:
        return f"{self.kind}:{self.entity_id}"
