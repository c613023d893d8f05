"""What every change writes besides itself: the hash-chained audit log and the outbox."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from db.tables.base import created_at, metadata, retry_columns

# Append-only, hash-chained audit log (see domain/audit.py). `seq` is assigned under an
# advisory lock so the chain has no forks.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", UUID(as_uuid=True)),
    Column("action", String(64), nullable=False),
    Column("entity_kind", String(32), nullable=False),
    Column("entity_id", UUID(as_uuid=True), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_log_entity", audit_log.c.entity_kind, audit_log.c.entity_id)

# Transactional outbox: one row per (event, consumer), written in the transaction of the change.
outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("consumer", String(32), nullable=False),
    Column("topic", String(64), nullable=False),
    Column("payload", JSONB, nullable=False),
    created_at(),
    *retry_columns(),
    CheckConstraint("attempts >= 0", name="attempts_non_negative"),
)
Index(
    "ix_outbox_ready",
    outbox.c.consumer,
    outbox.c.next_attempt_at,
    postgresql_where=outbox.c.parked_at.is_(None),
)
