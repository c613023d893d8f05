"""SQL side of the hash-chained audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.rows import from_row
from db.tables import audit_log
from domain.audit import GENESIS, AuditEntry, ChainStatus, entry_hash, verify_chain

# Any constant works; it only has to be the same for every writer of the chain.
_CHAIN_LOCK = 0x1A0D17


def _entry(row: Any) -> AuditEntry:
    return from_row(AuditEntry, row)


class SqlAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        *,
        actor_id: UUID | None,
        action: str,
        entity_kind: str,
        entity_id: UUID,
        data: dict[str, Any] | None = None,
    ) -> AuditEntry:
        # Writers queue on a transaction-scoped lock, so each sees the true last entry.
        await self._session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
        last = (
            await self._session.execute(
                select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
            )
        ).first()
        seq = last.seq + 1 if last else 1
        prev_hash = last.hash if last else GENESIS
        at = datetime.now(UTC)
        # One set of fields for the hash, the row and the value, so the three cannot drift.
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "actor_id": actor_id,
            "action": action,
            "entity_kind": entity_kind,
            "entity_id": entity_id,
            "data": data or {},
            "prev_hash": prev_hash,
        }
        digest = entry_hash(**fields)
        await self._session.execute(audit_log.insert().values(**fields, hash=digest))
        return AuditEntry(**fields, hash=digest)

    async def _entries(self, batch: int = 5000) -> AsyncIterator[AuditEntry]:
        after = 0
        while True:
            rows = (
                await self._session.execute(
                    select(audit_log)
                    .where(audit_log.c.seq > after)
                    .order_by(audit_log.c.seq)
                    .limit(batch)
                )
            ).all()
            for row in rows:
                yield _entry(row)
            if len(rows) < batch:
                return
            after = rows[-1].seq

    async def verify(self) -> ChainStatus:
        entries = [e async for e in self._entries()]
        return verify_chain(entries)

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(audit_log)) or 0)

    async def for_entity(self, entity_kind: str, entity_id: UUID) -> list[AuditEntry]:
        rows = await self._session.execute(
            select(audit_log)
            .where(audit_log.c.entity_kind == entity_kind, audit_log.c.entity_id == entity_id)
            .order_by(audit_log.c.seq)
        )
        return [_entry(r) for r in rows]
