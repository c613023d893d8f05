"""Table metadata (SQLAlchemy Core). Alembic migrations must match it: `alembic check` proves it."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def uuid_pk() -> Column[object]:
    return Column(
        "id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


def created_at() -> Column[object]:
    return Column(
        "created_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    )


users = Table(
    "users",
    metadata,
    uuid_pk(),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("locale", String(2), nullable=False, server_default="vi"),
    Column("password_hash", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False, server_default="{}"),
    created_at(),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    uuid_pk(),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token_hash", LargeBinary, nullable=False, unique=True),
    created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

organizations = Table(
    "organizations",
    metadata,
    uuid_pk(),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("province_code", String(32)),
    Column("registry_code", String(32), unique=True),
    Column("verified", Boolean, nullable=False, server_default="false"),
    created_at(),
)

memberships = Table(
    "memberships",
    metadata,
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role", String(16), nullable=False),
    created_at(),
    PrimaryKeyConstraint("organization_id", "user_id"),
)

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
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column(
        "next_attempt_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.clock_timestamp(),
    ),
    Column("last_error", Text),
    Column("parked_at", DateTime(timezone=True)),
    CheckConstraint("attempts >= 0", name="attempts_non_negative"),
)
Index(
    "ix_outbox_ready",
    outbox.c.consumer,
    outbox.c.next_attempt_at,
    postgresql_where=outbox.c.parked_at.is_(None),
)
