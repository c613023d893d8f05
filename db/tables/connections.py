"""Expressions of interest, their messages, deals and notifications."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import UUID

from db.tables.base import created_at, metadata, references, updated_at, uuid_pk

# Expressions of interest. `listing_id` points into initiatives, technology_offers or needs
# (by `listing_kind`), so it carries no foreign key.
connections = Table(
    "connections",
    metadata,
    uuid_pk(),
    Column("kind", String(16), nullable=False),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False, index=True),
    references("owner_organization_id", "organizations.id", nullable=False, index=True),
    references("requester_organization_id", "organizations.id", nullable=False, index=True),
    references("requested_by", "users.id", nullable=False),
    Column("intro", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("nda_version", String(32)),
    references("nda_acknowledged_by", "users.id"),
    Column("nda_acknowledged_at", DateTime(timezone=True)),
    Column("decline_reason", String(32)),
    Column("decline_note", Text),
    created_at(),
    updated_at(),
)
# One open request per requester organisation and listing.
Index(
    "uq_connections_open_request",
    connections.c.listing_id,
    connections.c.requester_organization_id,
    unique=True,
    postgresql_where=connections.c.status.in_(["pending", "accepted", "negotiating", "deal"]),
)

connection_messages = Table(
    "connection_messages",
    metadata,
    uuid_pk(),
    references("connection_id", "connections.id", ondelete="CASCADE", nullable=False),
    references("author_id", "users.id", nullable=False),
    Column("body", Text, nullable=False),
    created_at(),
)
Index(
    "ix_connection_messages_thread",
    connection_messages.c.connection_id,
    connection_messages.c.created_at,
    connection_messages.c.id,
)

deals = Table(
    "deals",
    metadata,
    uuid_pk(),
    references("connection_id", "connections.id", nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value_vnd", BigInteger),
    Column("signed_on", Date, nullable=False),
    references("recorded_by", "users.id", nullable=False),
    created_at(),
    # pending -> confirmed | disputed, answered by the party the recorder did not act for.
    Column("status", String(16), nullable=False, server_default="pending"),
    references("recorded_for", "organizations.id"),
    references("answered_by", "users.id"),
    Column("answered_at", DateTime(timezone=True)),
    Column("dispute_reason", Text),
    CheckConstraint("value_vnd >= 0", name="value_non_negative"),
    CheckConstraint("status IN ('pending', 'confirmed', 'disputed')", name="status_known"),
)
Index("ix_deals_signed_on", deals.c.signed_on)
# One live (pending or confirmed) deal per connection; disputed ones stay as history.
Index(
    "uq_deals_live_connection",
    deals.c.connection_id,
    unique=True,
    postgresql_where=deals.c.status.in_(["pending", "confirmed"]),
)
Index("ix_connections_created_at", connections.c.created_at)

deal_parties = Table(
    "deal_parties",
    metadata,
    references("deal_id", "deals.id", ondelete="CASCADE", nullable=False),
    references("organization_id", "organizations.id", nullable=False, index=True),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("deal_id", "organization_id"),
)

notifications = Table(
    "notifications",
    metadata,
    uuid_pk(),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject_kind", String(32), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("text", Text, nullable=False),
    created_at(),
    Column("read_at", DateTime(timezone=True)),
)
Index(
    "ix_notifications_inbox",
    notifications.c.user_id,
    notifications.c.created_at,
    notifications.c.id,
)
Index(
    "ix_notifications_unread",
    notifications.c.user_id,
    postgresql_where=notifications.c.read_at.is_(None),
)
