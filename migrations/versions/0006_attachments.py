"""Attachments: metadata of documents attached to initiatives, offers and needs.

The files themselves are stored elsewhere (Innovex has no file storage); a row records the
file name, media type, size and SHA-256 of the content, and an optional caption. The metadata
is confidential. `listing_id` refers to a row of initiatives, technology_offers or needs
according to `listing_kind` (no foreign key, as for listing_status_changes); the unique
(listing_id, sha256) constraint is also the index that finds a listing's attachments.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 20:04:24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("listing_kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.UUID(), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=True),
        sa.Column("added_by", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "listing_kind IN ('initiative', 'offer', 'need')",
            name=op.f("ck_attachments_kind_known"),
        ),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_attachments_sha256_hex")),
        sa.CheckConstraint(
            "size_bytes BETWEEN 1 AND 52428800", name=op.f("ck_attachments_size_range")
        ),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["users.id"],
            name=op.f("fk_attachments_added_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_attachments_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("listing_id", "sha256", name="uq_attachments_listing_sha256"),
    )


def downgrade() -> None:
    op.drop_table("attachments")
