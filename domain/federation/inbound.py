"""Listings pushed by a federated (provincial) exchange.

A pushed record is keyed by (source, external id): pushing it again updates the same listing,
so a push can be retried after any failure. Records are validated against the published
standard (domain/federation/standard.py) before anything is written.

Changed on both sides: the source exchange owns the content of its records, so the national
portal never edits them; a push newer than the stored one (by the source's `updatedAt`) replaces
the public content, an older or equal one is ignored as stale (`unchanged`). What the national
side may do is moderate: an operator's withdrawal stays in force whatever is pushed later, and
the record's status follows the source only while it is not withdrawn here. A withdrawal at the
source arrives as `status: "withdrawn"` and withdraws the listing here too.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.errors import ValidationCode, Validator

MAX_BATCH = 100
EXTERNAL_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")


class PushedKind(enum.StrEnum):
    OFFER = "offer"
    NEED = "need"


class PushOutcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# Status a pushed record may carry -> the local status.
# Every public status of an offer, so a synced copy follows its source through negotiation.
OFFER_STATUSES = {
    "listed": "listed",
    "under_negotiation": "under_negotiation",
    "transferred": "transferred",
    "withdrawn": "withdrawn",
    "expired": "expired",
}
NEED_STATUSES = {
    "open": "open",
    "closed": "closed",
    "awarded": "awarded",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True, slots=True)
class PushedRecord:
    kind: PushedKind
    external_id: str
    updated_at: datetime
    record: dict[str, Any]  # the public projection, valid against the standard (no id)

    @property
    def local_status(self) -> str:
        table = OFFER_STATUSES if self.kind is PushedKind.OFFER else NEED_STATUSES
        return table[str(self.record.get("status"))]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a listing pushed to (or pulled by) this exchange comes from."""

    entity_id: UUID
    source_code: str  # the pushing exchange's organisation id here, or a pulled peer's code
    source_name: str
    external_id: str
    source_updated_at: datetime


@dataclass(frozen=True, slots=True)
class PushResult:
    external_id: str
    outcome: PushOutcome
    entity_id: UUID


def check_batch_shape(count: int) -> None:
    v = Validator()
    if count == 0:
        v.add("records", ValidationCode.REQUIRED, "push at least one record")
    v.in_range("records", count, 1, MAX_BATCH)
    v.check()


def check_identity(
    v: Validator, index: int, external_id: str, kind: PushedKind, status: Any
) -> None:
    if not EXTERNAL_ID_RE.fullmatch(external_id):
        v.add(
            f"records.{index}.externalId",
            ValidationCode.INVALID_FORMAT,
            "1-200 of A-Z a-z 0-9 . _ : -",
        )
    table = OFFER_STATUSES if kind is PushedKind.OFFER else NEED_STATUSES
    if status not in table:
        v.add(
            f"records.{index}.record.status",
            ValidationCode.INVALID_CHOICE,
            f"must be one of {', '.join(table)}",
        )


def check_content(v: Validator, index: int, kind: PushedKind, record: dict[str, Any]) -> None:
    """What the schema cannot say: codes from the reference tables, local enumerations and
    ranges the listing tables enforce."""
    from domain.listings.kinds import IpStatus, TransferMode
    from domain.provinces import province_by_code
    from domain.taxonomy import field_by_code

    at = f"records.{index}.record"
    field_code = record.get("fieldCode")
    if isinstance(field_code, str) and field_by_code(field_code) is None:
        v.add(f"{at}.fieldCode", ValidationCode.INVALID_CHOICE, "is not an S&T field code")
    province = record.get("provinceCode")
    if isinstance(province, str) and province_by_code(province) is None:
        v.add(f"{at}.provinceCode", ValidationCode.INVALID_CHOICE, "is not a province code")
    if kind is PushedKind.OFFER:
        if record.get("ipStatus") not in {s.value for s in IpStatus}:
            v.add(f"{at}.ipStatus", ValidationCode.INVALID_CHOICE, "is not an IP status")
        modes = record.get("transferModes")
        if isinstance(modes, list) and not set(modes) <= {m.value for m in TransferMode}:
            v.add(f"{at}.transferModes", ValidationCode.INVALID_CHOICE, "unknown transfer mode")
        low, high = record.get("priceMinVnd"), record.get("priceMaxVnd")
    else:
        low, high = record.get("budgetMinVnd"), record.get("budgetMaxVnd")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        v.add(f"{at}", ValidationCode.INVALID_COMBINATION, "minimum above maximum")


def should_apply(stored_updated_at: datetime | None, pushed_updated_at: datetime) -> bool:
    """Last writer (by the source's clock) wins; replays and out-of-order pushes are no-ops."""
    return stored_updated_at is None or pushed_updated_at > stored_updated_at


def local_status(pushed: str, *, held: bool) -> str:
    """A record an operator withdrew here (held by moderation) stays withdrawn."""
    return "withdrawn" if held else pushed
