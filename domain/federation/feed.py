"""The change feed: every create, update, status change and withdrawal of a public record, in
commit order, as the record's public projection (or a tombstone when it stopped being public).

Positions are assigned by one feed builder at a time (a transaction-scoped lock), so the
position order is the commit order of feed items: a reader that saw position N never later finds
a new item below N. The cursor is the position as a decimal string; it survives restarts.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.errors import ValidationCode, Validator

MAX_PAGE = 1000
DEFAULT_PAGE = 100


class RecordType(enum.StrEnum):
    INITIATIVE = "initiative"
    OFFER = "offer"
    NEED = "need"
    ORGANIZATION = "organization"
    DEAL = "deal"


class ChangeOp(enum.StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class FeedItem:
    position: int
    record_type: RecordType
    record_id: str
    op: ChangeOp
    record: dict[str, Any] | None  # None for a tombstone
    committed_at: datetime

    @property
    def cursor(self) -> str:
        return encode_cursor(self.position)

    @property
    def event_type(self) -> str:
        return f"{self.record_type.value}.{'deleted' if self.op is ChangeOp.DELETE else 'upserted'}"


def encode_cursor(position: int) -> str:
    return str(position)


def decode_cursor(cursor: str | None, path: str = "after") -> int:
    """The position after which to read; None or "" means the beginning."""
    if cursor is None or cursor == "":
        return 0
    v = Validator()
    if not cursor.isdigit() or len(cursor) > 18:
        v.add(path, ValidationCode.INVALID_FORMAT, "is not a feed cursor")
    v.check()
    return int(cursor)


def page_size(first: int | None, path: str = "first") -> int:
    v = Validator()
    size = DEFAULT_PAGE if first is None else first
    v.in_range(path, size, 1, MAX_PAGE)
    v.check()
    return size


def record_hash(record: dict[str, Any]) -> str:
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def event_types() -> list[str]:
    """Every webhook event type: `<record type>.upserted` and `<record type>.deleted`."""
    return [f"{t.value}.{op}" for t in RecordType for op in ("upserted", "deleted")]
