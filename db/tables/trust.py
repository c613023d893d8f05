"""The trust model: challenge awards, organisation verification requests, invitations and join
requests (migration 0009)."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from db.tables.base import created_at, metadata, references, uuid_pk

# Who won an awarded need, and through which connection or offer. Public, like the timeline.
need_awards = Table(
    "need_awards",
    metadata,
    references("need_id", "needs.id", ondelete="CASCADE", primary_key=True),
    references("winner_organization_id", "organizations.id", nullable=False, index=True),
    references("connection_id", "connections.id"),
    references("offer_id", "technology_offers.id"),
    references("awarded_by", "users.id", nullable=False),
    created_at(),
)

# An organisation's request to be verified, with its registry code and the metadata of its
# supporting documents (like attachments: the files stay with the organisation).
organization_verifications = Table(
    "organization_verifications",
    metadata,
    uuid_pk(),
    references("organization_id", "organizations.id", nullable=False, index=True),
    Column("registry_code", String(32), nullable=False),
    Column("documents", JSONB, nullable=False, server_default="[]"),
    Column("status", String(16), nullable=False, server_default="pending"),
    references("requested_by", "users.id", nullable=False),
    created_at(),
    references("decided_by", "users.id"),
    Column("decided_at", DateTime(timezone=True)),
    Column("public_reason", Text),
    CheckConstraint("status IN ('pending', 'verified', 'rejected')", name="status_known"),
)
# One open request per organisation.
Index(
    "uq_organization_verifications_pending",
    organization_verifications.c.organization_id,
    unique=True,
    postgresql_where=organization_verifications.c.status == "pending",
)

# An owner invites an email with a role; only the holder of that email answers.
invitations = Table(
    "invitations",
    metadata,
    uuid_pk(),
    references("organization_id", "organizations.id", nullable=False, index=True),
    Column("email", String(254), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    references("invited_by", "users.id", nullable=False),
    created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    references("answered_by", "users.id"),
    Column("answered_at", DateTime(timezone=True)),
    CheckConstraint(
        "status IN ('pending', 'accepted', 'declined', 'revoked')", name="status_known"
    ),
)
Index(
    "uq_invitations_pending",
    invitations.c.organization_id,
    invitations.c.email,
    unique=True,
    postgresql_where=invitations.c.status == "pending",
)

# A user asks to join an organisation; its owners or admins answer.
join_requests = Table(
    "join_requests",
    metadata,
    uuid_pk(),
    references("organization_id", "organizations.id", nullable=False, index=True),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False, index=True),
    Column("message", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="pending"),
    created_at(),
    references("answered_by", "users.id"),
    Column("answered_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('pending', 'approved', 'declined')", name="status_known"),
)
Index(
    "uq_join_requests_pending",
    join_requests.c.organization_id,
    join_requests.c.user_id,
    unique=True,
    postgresql_where=join_requests.c.status == "pending",
)
