"""Mail: single-use email tokens (verification, password reset) and the mail outbox."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
)

from db.tables.base import created_at, metadata, references, retry_columns, uuid_pk

email_tokens = Table(
    "email_tokens",
    metadata,
    uuid_pk(),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False, index=True),
    Column("purpose", String(16), nullable=False),
    Column("token_hash", LargeBinary, nullable=False, unique=True),
    created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="purpose_known"),
)

# Written in the transaction of the use case that sends the message; drained by the worker
# with SKIP LOCKED, retried with backoff, parked after too many failures.
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("recipient", String(254), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    created_at(),
    *retry_columns(),
)
Index(
    "ix_mail_outbox_ready",
    mail_outbox.c.next_attempt_at,
    postgresql_where=mail_outbox.c.parked_at.is_(None),
)
