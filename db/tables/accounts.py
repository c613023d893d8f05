"""Users, sign-in tokens, organisations and memberships."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from db.tables.base import created_at, metadata, references, uuid_pk

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
    Column("email_verified_at", DateTime(timezone=True)),
    Column("digest", String(8), nullable=False, server_default="daily"),
    Column("last_digest_at", DateTime(timezone=True)),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    uuid_pk(),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False, index=True),
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
    references("organization_id", "organizations.id", ondelete="CASCADE", nullable=False),
    references("user_id", "users.id", ondelete="CASCADE", nullable=False, index=True),
    Column("role", String(16), nullable=False),
    created_at(),
    PrimaryKeyConstraint("organization_id", "user_id"),
)
