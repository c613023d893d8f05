"""Two exchanges in sync: a province pushes its own public listings to its centre and pulls the
centre's feed into local listings (issue 14, item 7).

Both directions keep a cursor (`sync_cursors`) saved only once what it covers is committed:
after a crash a page is sent or applied again, never skipped, and both sides upsert by
(source, external id) with the source's clock, so a replay changes nothing (at least once +
idempotent = nothing lost, nothing duplicated).

No echo: a province pushes only records whose feed projection has no `source` (its own, not
ones it pulled), and skips centre items whose `source.externalId` is one of its own listings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.federation.feed import ChangeOp, FeedItem, RecordType
from domain.federation.inbound import PushedKind

PUSHED_KINDS = {RecordType.OFFER: PushedKind.OFFER, RecordType.NEED: PushedKind.NEED}
# Assigned by the receiving exchange: a pusher leaves them out.
_RECEIVER_FIELDS = ("id", "organizationId", "source")
WITHDRAWN = "withdrawn"


def push_cursor_name(peer_code: str) -> str:
    return f"push:{peer_code}"


def pull_cursor_name(peer_code: str) -> str:
    return f"pull:{peer_code}"


@dataclass(frozen=True, slots=True)
class OutgoingChange:
    """One change of one of our listings, as `pushListings` takes it."""

    kind: PushedKind
    external_id: str  # our listing id
    updated_at: datetime  # when our feed published the change: increases per record
    record: dict[str, Any]

    def as_input(self) -> dict[str, Any]:
        return {
            "kind": self.kind.name,
            "externalId": self.external_id,
            "updatedAt": self.updated_at.isoformat(),
            "record": self.record,
        }


def outgoing(item: FeedItem, last_public: dict[str, Any] | None) -> OutgoingChange | None:
    """The push for a feed item of ours, or None (not a listing, or not our own record).
    A tombstone is pushed as the record's last public content with status `withdrawn`."""
    kind = PUSHED_KINDS.get(item.record_type)
    record = item.record if item.op is ChangeOp.UPSERT else last_public
    if kind is None or record is None or record.get("source") is not None:
        return None
    body = {k: v for k, v in record.items() if k not in _RECEIVER_FIELDS}
    if item.op is ChangeOp.DELETE:
        body["status"] = WITHDRAWN
    return OutgoingChange(kind, item.record_id, item.committed_at, body)


def latest_per_record(changes: Iterable[OutgoingChange]) -> list[OutgoingChange]:
    """A push names each record once (the receiver refuses repeats): its latest change wins."""
    latest: dict[tuple[PushedKind, str], OutgoingChange] = {}
    for change in changes:
        latest.pop((change.kind, change.external_id), None)
        latest[(change.kind, change.external_id)] = change
    return list(latest.values())


@dataclass(frozen=True, slots=True)
class IncomingChange:
    """One item of the centre's feed about a listing."""

    position: int
    kind: PushedKind
    external_id: str  # the record's id at the centre
    updated_at: datetime  # the centre's commit time of the item: increases per record
    record: dict[str, Any] | None  # None: a tombstone, the listing is withdrawn here

    @property
    def origin_id(self) -> str | None:
        """The id the record had where it was first pushed from (another exchange)."""
        source = (self.record or {}).get("source")
        external = source.get("externalId") if isinstance(source, dict) else None
        return str(external) if external else None

    def pushed_record(self) -> dict[str, Any]:
        assert self.record is not None
        return {k: v for k, v in self.record.items() if k not in _RECEIVER_FIELDS}


def incoming(line: dict[str, Any]) -> IncomingChange | None:
    """A feed line as published at GET /feed; None for record types not synced.
    Raises ValueError (or KeyError) for a line that is not a feed item."""
    kind = PUSHED_KINDS.get(RecordType(line["type"]))
    if kind is None:
        return None
    op = ChangeOp(line["op"])
    record = line.get("record")
    if op is ChangeOp.UPSERT and not isinstance(record, dict):
        raise ValueError("an upsert without a record")
    return IncomingChange(
        position=int(line["cursor"]),
        kind=kind,
        external_id=str(line["id"]),
        updated_at=datetime.fromisoformat(line["committedAt"]),
        record=record if op is ChangeOp.UPSERT else None,
    )


def echoes(changes: Sequence[IncomingChange], own_ids: set[str]) -> set[int]:
    """Positions of items that are our own listings coming back from the centre."""
    return {c.position for c in changes if c.origin_id is not None and c.origin_id in own_ids}


@dataclass(slots=True)
class SyncReport:
    pushed: int = 0
    push_refused: int = 0
    pulled: int = 0
    withdrawn: int = 0
    skipped: int = 0  # echoes of our own listings and invalid items

    def __str__(self) -> str:
        return (
            f"pushed {self.pushed} ({self.push_refused} refused), pulled {self.pulled}, "
            f"withdrawn {self.withdrawn}, skipped {self.skipped}"
        )
