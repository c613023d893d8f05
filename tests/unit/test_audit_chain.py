"""The audit hash chain, on hand-made entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from domain.audit import GENESIS, AuditEntry, entry_hash, verify_chain

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ENTITY = UUID("00000000-0000-0000-0000-000000000001")


def chain(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "at": T0 + timedelta(minutes=seq),
            "actor_id": uuid4(),
            "action": "initiative.submitted",
            "entity_kind": "initiative",
            "entity_id": ENTITY,
            "data": {"from": "draft", "to": "submitted", "reason": "Nộp hồ sơ"},
            "prev_hash": prev,
        }
        digest = entry_hash(**fields)  # type: ignore[arg-type]
        entries.append(AuditEntry(**fields, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return entries


def test_an_untouched_chain_verifies() -> None:
    status = verify_chain(chain(5))
    assert (status.ok, status.entries_checked, status.first_broken_seq) == (True, 5, None)


def test_an_empty_chain_verifies() -> None:
    assert verify_chain([]).ok


def test_altered_content_is_caught_at_that_entry() -> None:
    entries = chain(5)
    entries[2] = replace(
        entries[2], data={"from": "draft", "to": "accepted", "reason": "Nộp hồ sơ"}
    )
    status = verify_chain(entries)
    assert (status.ok, status.first_broken_seq, status.reason) == (
        False,
        3,
        "entry content was altered",
    )


def test_rehashing_an_altered_entry_still_breaks_the_next_link() -> None:
    entries = chain(5)
    forged = replace(entries[1], action="initiative.accepted")
    forged = replace(
        forged,
        hash=entry_hash(
            **{
                k: getattr(forged, k)
                for k in (
                    "seq",
                    "at",
                    "actor_id",
                    "action",
                    "entity_kind",
                    "entity_id",
                    "data",
                    "prev_hash",
                )
            }
        ),
    )
    entries[1] = forged
    status = verify_chain(entries)
    assert (status.ok, status.first_broken_seq) == (False, 3)


def test_a_deleted_entry_is_reported_as_missing() -> None:
    entries = chain(5)
    del entries[3]
    status = verify_chain(entries)
    assert (status.ok, status.first_broken_seq, status.reason) == (False, 4, "an entry is missing")
