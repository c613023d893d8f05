"""The audit log on PostgreSQL: append-only, chained, tampering caught."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog


async def test_entries_chain_and_verify(session: AsyncSession) -> None:
    log = SqlAuditLog(session)
    entity = uuid4()
    first = await log.record(
        actor_id=None, action="initiative.created", entity_kind="initiative", entity_id=entity
    )
    second = await log.record(
        actor_id=uuid4(),
        action="initiative.submitted",
        entity_kind="initiative",
        entity_id=entity,
        data={"to": "submitted"},
    )
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    status = await log.verify()
    assert status.ok
    assert status.entries_checked == await log.count()


async def test_the_database_refuses_updates_and_deletes(session: AsyncSession) -> None:
    log = SqlAuditLog(session)
    entry = await log.record(
        actor_id=None, action="offer.listed", entity_kind="offer", entity_id=uuid4()
    )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(
                text("UPDATE audit_log SET action = 'offer.withdrawn' WHERE seq = :s"),
                {"s": entry.seq},
            )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": entry.seq})


async def test_tampering_past_the_trigger_is_caught_at_the_first_broken_link(
    session: AsyncSession,
) -> None:
    log = SqlAuditLog(session)
    entity = uuid4()
    entries = [
        await log.record(
            actor_id=None,
            action=f"need.step{i}",
            entity_kind="need",
            entity_id=entity,
            data={"i": i},
        )
        for i in range(4)
    ]
    # Someone with superuser access bypasses the trigger and edits the third entry.
    await session.execute(text("SET LOCAL session_replication_role = replica"))
    await session.execute(
        text("UPDATE audit_log SET data = '{\"i\": 99}'::jsonb WHERE seq = :s"),
        {"s": entries[2].seq},
    )
    await session.execute(text("SET LOCAL session_replication_role = origin"))
    status = await log.verify()
    assert not status.ok
    assert status.first_broken_seq == entries[2].seq
    assert status.reason == "entry content was altered"
