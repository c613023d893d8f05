"""Province scopes of platform roles and the reviewer pool's profiles."""

from __future__ import annotations

from sqlalchemy import Column, PrimaryKeyConstraint, String, Table
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from db.tables.base import created_at, metadata, references, updated_at

# A role in users.roles with no row here is central; with rows, it is limited to their
# provinces (a provincial department operates its own province's listings).
platform_role_provinces = Table(
    "platform_role_provinces",
    metadata,
    references("user_id", "users.id", ondelete="CASCADE", nullable=False),
    Column("role", String(16), nullable=False),
    Column("province_code", String(32), nullable=False),
    created_at(),
    PrimaryKeyConstraint("user_id", "role", "province_code"),
)

# Declared interests are organisations the reviewer declares a conflict with; they are kept as
# an array because they are only ever read whole, with the profile.
reviewer_profiles = Table(
    "reviewer_profiles",
    metadata,
    references("user_id", "users.id", ondelete="CASCADE", primary_key=True),
    Column("field_codes", ARRAY(String(8)), nullable=False, server_default="{}"),
    references("affiliation_id", "organizations.id", ondelete="SET NULL", index=True),
    Column("declared_interest_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    Column("languages", ARRAY(String(3)), nullable=False, server_default="{}"),
    updated_at(),
)
