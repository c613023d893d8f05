"""Federation sync: the peers a province pulls from, and feed lookups by record.

`federation_peers` names the local organisation a pulled centre's listings are listed under.
The index on feed_items (record_id, position) finds a record's last public content when its
tombstone is pushed to the centre.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-01 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "federation_peers",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("organization_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_federation_peers_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_federation_peers")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_federation_peers_organization_id")),
    )
    op.create_index(
        "ix_feed_items_record_position", "feed_items", ["record_id", "position"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_feed_items_record_position", table_name="feed_items")
    op.drop_table("federation_peers")
