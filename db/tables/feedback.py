"""User ratings of processes and evaluation rounds (migration 0014)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Index,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import UUID

from db.tables.base import created_at, metadata, references, uuid_pk

# One rating per user and subject. The listing (by kind, no foreign key, like connections) and
# its province and field, copied when rated: a listing one may rate no longer changes them, and
# the statistics then read this table alone.
process_ratings = Table(
    "process_ratings",
    metadata,
    uuid_pk(),
    Column("process", String(16), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column("province_code", String(32)),
    Column("field_code", String(8)),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("comment", Text),
    # For the covering index: the aggregates count comments without reading them.
    Column("commented", Boolean, Computed("comment IS NOT NULL", persisted=True)),
    created_at(),
    Column("rated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    CheckConstraint("process IN ('submission', 'review', 'connection')", name="process_known"),
    UniqueConstraint("user_id", "process", "subject_id", name="uq_process_ratings_rater_subject"),
)
# Covering: the statistics' aggregate is an index-only scan of the period (BENCHMARKS.md).
Index(
    "ix_process_ratings_rated_at",
    process_ratings.c.rated_at,
    process_ratings.c.id,
    postgresql_include=["process", "score", "province_code", "field_code", "commented"],
)

evaluation_rounds = Table(
    "evaluation_rounds",
    metadata,
    uuid_pk(),
    Column("evaluator", String(200), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("findings", Text, nullable=False),
    Column("summary", Text, nullable=False),
    references("recorded_by", "users.id", nullable=False),
    created_at(),
    Column("published_at", DateTime(timezone=True)),
    references("published_by", "users.id"),
    CheckConstraint("period_end > period_start", name="period_order"),
)
