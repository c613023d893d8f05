"""Initiatives, technology offers, needs, fund profiles, their attachments, status timeline
and submitted versions."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from db.tables.base import (
    created_at,
    metadata,
    references,
    stamped,
    updated_at,
    uuid_pk,
)

# S&T field taxonomy (domain/taxonomy.py), loaded by migration 0002; listings refer to it by code.
st_fields = Table(
    "st_fields",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("parent_code", String(8), ForeignKey("st_fields.code")),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
)


def _owner_columns() -> list[Column[object]]:
    return [
        references(
            "organization_id", "organizations.id", ondelete="RESTRICT", nullable=False, index=True
        ),
        references("created_by", "users.id", ondelete="SET NULL"),
    ]


def _timestamps() -> list[Column[object]]:
    return [
        created_at(),
        updated_at(),
        stamped("status_changed_at"),
    ]


def _field_code() -> Column[object]:
    return Column("field_code", String(8), ForeignKey("st_fields.code"), index=True)


initiatives = Table(
    "initiatives",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("title", String(300), nullable=False),
    Column("summary", Text),
    Column("description", Text),  # confidential
    Column("problem", Text),
    Column("solution", Text),  # confidential
    Column("advantages", Text),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("trl", Integer),
    Column("ip_status", String(32), nullable=False, server_default="none"),
    Column("ip_number", String(64)),
    Column("target_users", Text),
    Column("expected_impact", Text),
    Column("province_code", String(32)),
    Column("language", String(2), nullable=False, server_default="vi"),
    Column("status", String(32), nullable=False, server_default="draft"),
    Column("revision", Integer, nullable=False, server_default="0"),
    *_timestamps(),
    CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
)
Index("ix_initiatives_status_created", initiatives.c.status, initiatives.c.created_at)

initiative_authors = Table(
    "initiative_authors",
    metadata,
    references("initiative_id", "initiatives.id", ondelete="CASCADE", nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("affiliation", String(300)),
    references("user_id", "users.id", ondelete="SET NULL"),
    Column("share_percent", Numeric(5, 2), nullable=False),
    PrimaryKeyConstraint("initiative_id", "position"),
    CheckConstraint("share_percent > 0 AND share_percent <= 100", name="share_range"),
)

technology_offers = Table(
    "technology_offers",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("title", String(300), nullable=False),
    Column("summary", Text),
    Column("description", Text),  # confidential
    Column("trl", Integer),
    Column("ip_status", String(32), nullable=False, server_default="none"),
    Column("ip_number", String(64)),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("transfer_modes", ARRAY(Text), nullable=False, server_default="{}"),
    Column("terms", Text),
    Column("price_min_vnd", BigInteger),
    Column("price_max_vnd", BigInteger),
    Column("province_code", String(32)),
    references("initiative_id", "initiatives.id", ondelete="SET NULL", index=True),
    Column("contact_name", String(200)),  # confidential
    Column("contact_email", String(254)),  # confidential
    Column("contact_phone", String(32)),  # confidential
    Column("status", String(32), nullable=False, server_default="draft"),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("expires_at", DateTime(timezone=True)),
    *_timestamps(),
    CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
    CheckConstraint("price_min_vnd >= 0 AND price_max_vnd >= price_min_vnd", name="price_range"),
)
Index(
    "ix_technology_offers_status_created",
    technology_offers.c.status,
    technology_offers.c.created_at,
)

needs = Table(
    "needs",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("kind", String(16), nullable=False, server_default="request"),
    Column("title", String(300), nullable=False),
    Column("problem_statement", Text),
    Column("desired_outcome", Text),
    Column("constraints", Text),
    Column("min_trl", Integer),
    Column("budget_min_vnd", BigInteger),
    Column("budget_max_vnd", BigInteger),
    Column("deadline", Date),
    Column("province_code", String(32)),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("prize_vnd", BigInteger),
    Column("order_commitment", Text),
    Column("contact_name", String(200)),  # confidential
    Column("contact_email", String(254)),  # confidential
    Column("contact_phone", String(32)),  # confidential
    Column("status", String(32), nullable=False, server_default="draft"),
    *_timestamps(),
    CheckConstraint("min_trl BETWEEN 1 AND 9", name="min_trl_range"),
    CheckConstraint(
        "budget_min_vnd >= 0 AND budget_max_vnd >= budget_min_vnd", name="budget_range"
    ),
)
Index("ix_needs_status_created", needs.c.status, needs.c.created_at)

fund_profiles = Table(
    "fund_profiles",
    metadata,
    uuid_pk(),
    references(
        "organization_id", "organizations.id", ondelete="CASCADE", nullable=False, unique=True
    ),
    Column("thesis", Text, nullable=False),
    Column("field_codes", ARRAY(Text), nullable=False, server_default="{}"),
    Column("trl_min", Integer),
    Column("trl_max", Integer),
    Column("ticket_min_vnd", BigInteger),
    Column("ticket_max_vnd", BigInteger),
    Column("province_codes", ARRAY(Text), nullable=False, server_default="{}"),
    created_at(),
    updated_at(),
    CheckConstraint("trl_min BETWEEN 1 AND 9 AND trl_max BETWEEN trl_min AND 9", name="trl_range"),
    CheckConstraint(
        "ticket_min_vnd >= 0 AND ticket_max_vnd >= ticket_min_vnd", name="ticket_range"
    ),
)

# Metadata of documents attached to initiatives, offers and needs (confidential; the files
# themselves are stored elsewhere). `organization_id` is the listing's owner, kept so that
# visibility needs no join to the listing's own table.
attachments = Table(
    "attachments",
    metadata,
    uuid_pk(),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    references("organization_id", "organizations.id", ondelete="RESTRICT", nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("media_type", String(127), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("caption", String(500)),
    # Where the file is kept (an opaque key, never derived from the file name); NULL for
    # metadata-only attachments of a document kept elsewhere.
    Column("storage_key", String(80), unique=True),
    references("added_by", "users.id", ondelete="SET NULL"),
    created_at(),
    CheckConstraint("listing_kind IN ('initiative', 'offer', 'need')", name="kind_known"),
    CheckConstraint("size_bytes BETWEEN 1 AND 52428800", name="size_range"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    # Also the index that finds a listing's attachments.
    UniqueConstraint("listing_id", "sha256", name="uq_attachments_listing_sha256"),
)

# The public status timeline of every listing kind: state, time and public reason. The actor is
# kept for the audit trail and is not part of the public timeline.
listing_status_changes = Table(
    "listing_status_changes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column("from_status", String(32)),
    Column("to_status", String(32), nullable=False),
    Column("reason", Text),
    references("actor_id", "users.id", ondelete="SET NULL"),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index(
    "ix_listing_status_changes_listing",
    listing_status_changes.c.listing_id,
    listing_status_changes.c.id,
)
# Oversight statistics scan a period of one kind's timeline (db/repositories/statistics.py).
Index(
    "ix_listing_status_changes_kind_at",
    listing_status_changes.c.listing_kind,
    listing_status_changes.c.at,
    postgresql_include=["to_status", "listing_id"],
)

# Immutable submitted versions (authorship receipts). A trigger from migration 0002 refuses
# UPDATE and DELETE.
listing_versions = Table(
    "listing_versions",
    metadata,
    uuid_pk(),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content", JSONB, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("signature", Text, nullable=False),
    Column("key_id", String(32), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    references("submitted_by", "users.id", ondelete="SET NULL"),
    # Receipts of format 2: [{name, size_bytes, sha256}] of the attachments; NULL: format 1.
    Column("files", JSONB),
    UniqueConstraint("listing_id", "version", name="uq_listing_versions_listing_version"),
)
