"""The audit log: append-only and hash-chained.

Every state change writes exactly one entry. Each entry stores the SHA-256 of the entry before
it, and its own hash covers its content and that link, so changing or deleting any row breaks
the chain from that row on, which `verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.fields import field_values

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    actor_id: UUID | None
    action: str  # e.g. "initiative.submitted"
    entity_kind: str
    entity_id: UUID
    data: dict[str, Any]  # public, non-confidential details (from/to state, reason)
    prev_hash: str
    hash: str


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 kept: the same content always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    *,
    seq: int,
    at: datetime,
    actor_id: UUID | None,
    action: str,
    entity_kind: str,
    entity_id: UUID,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor_id": str(actor_id) if actor_id else None,
            "action": action,
            "entity_kind": entity_kind,
            "entity_id": str(entity_id),
            "data": data,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainStatus:
    ok: bool
    entries_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


def verify_chain(entries: Iterable[AuditEntry]) -> ChainStatus:
    """Walk the entries in seq order and report the first one that does not hold."""
    expected_prev = GENESIS
    expected_seq: int | None = None
    checked = 0
    for entry in entries:
        if expected_seq is not None and entry.seq != expected_seq:
            return ChainStatus(False, checked, expected_seq, "an entry is missing")
        if entry.prev_hash != expected_prev:
            return ChainStatus(False, checked, entry.seq, "link to the previous entry is broken")
        recomputed = entry_hash(**field_values(entry, omit=("hash",)))
        if recomputed != entry.hash:
            return ChainStatus(False, checked, entry.seq, "entry content was altered")
        checked += 1
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
    return ChainStatus(True, checked)


class AuditLog(Protocol):
    async def record(
        self,
        *,
        actor_id: UUID | None,
        action: str,
        entity_kind: str,
        entity_id: UUID,
        data: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append one entry, in the current transaction."""
        ...

    async def verify(self) -> ChainStatus: ...
