"""Federation and open data: API keys, the change feed, webhooks and records pushed by other
exchanges (issue 14)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from db.tables.base import created_at, metadata, references, stamped, updated_at, uuid_pk

# API keys of machine clients: only the SHA-256 of the secret is kept.
api_keys = Table(
    "api_keys",
    metadata,
    uuid_pk(),
    references(
        "organization_id", "organizations.id", ondelete="CASCADE", nullable=False, index=True
    ),
    Column("label", String(120), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("scopes", ARRAY(Text), nullable=False),
    Column("rate_limit_per_minute", Integer, nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    references("created_by", "users.id", ondelete="SET NULL"),
    created_at(),
    Column("rotated_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
    CheckConstraint("rate_limit_per_minute > 0", name="rate_positive"),
)

# The change feed: positions assigned under one lock, so position order is commit order.
feed_items = Table(
    "feed_items",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("record_type", String(32), nullable=False),
    Column("record_id", UUID(as_uuid=True), nullable=False),
    Column("op", String(8), nullable=False),
    Column("record", JSONB),
    stamped("committed_at"),
    CheckConstraint("op IN ('upsert', 'delete')", name="op_known"),
)
Index("ix_feed_items_type_position", feed_items.c.record_type, feed_items.c.position)

# What the feed last said about each record, so unchanged projections add no item and a record
# that stops being public gets exactly one tombstone.
feed_state = Table(
    "feed_state",
    metadata,
    Column("record_type", String(32), nullable=False),
    Column("record_id", UUID(as_uuid=True), nullable=False),
    Column("record_hash", String(64)),  # null: tombstoned
    Column("position", BigInteger, nullable=False),
    PrimaryKeyConstraint("record_type", "record_id"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    uuid_pk(),
    references(
        "organization_id", "organizations.id", ondelete="CASCADE", nullable=False, index=True
    ),
    Column("url", Text, nullable=False),
    # Kept to sign deliveries; never returned after registration.
    Column("secret", Text, nullable=False),
    Column("event_types", ARRAY(Text), nullable=False),
    Column("status", String(16), nullable=False, server_default="active"),
    Column("consecutive_failures", Integer, nullable=False, server_default="0"),
    references("created_by", "users.id", ondelete="SET NULL"),
    created_at(),
    Column("paused_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('active', 'paused')", name="status_known"),
)

# Deliveries: an outbox of their own, drained by the worker with SKIP LOCKED.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    references("subscription_id", "webhook_subscriptions.id", ondelete="CASCADE", nullable=False),
    Column("message_id", String(80), nullable=False, unique=True),
    Column("event_type", String(64), nullable=False),
    Column("feed_position", BigInteger, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    stamped("next_attempt_at"),
    Column("last_status_code", Integer),
    Column("last_error", Text),
    created_at(),
    Column("delivered_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="status_known"),
)
Index(
    "ix_webhook_deliveries_ready",
    webhook_deliveries.c.next_attempt_at,
    postgresql_where=webhook_deliveries.c.status == "pending",
)
Index(
    "ix_webhook_deliveries_subscription",
    webhook_deliveries.c.subscription_id,
    webhook_deliveries.c.id,
)

# Records pushed by a federated exchange (or pulled from another's feed), keyed by their source.
federated_records = Table(
    "federated_records",
    metadata,
    Column("source", String(64), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("record_type", String(32), nullable=False),
    Column("entity_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("source_name", Text, nullable=False),
    Column("source_updated_at", DateTime(timezone=True), nullable=False),
    Column("held", Boolean, nullable=False, server_default="false"),
    created_at(),
    PrimaryKeyConstraint("source", "external_id"),
)

# Where a pull of another exchange's feed stopped: committed with what it pulled.
sync_cursors = Table(
    "sync_cursors",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("cursor", String(32), nullable=False),
    updated_at(),
)

# Other exchanges this one pulls from (a province's centre): the local organisation their
# records are listed under, so pulled listings are ordinary offers and needs.
federation_peers = Table(
    "federation_peers",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    references(
        "organization_id", "organizations.id", ondelete="CASCADE", nullable=False, unique=True
    ),
    created_at(),
)
# A tombstone is pushed with the record's last public content: found by record and position.
Index("ix_feed_items_record_position", feed_items.c.record_id, feed_items.c.position)
