"""Matching usage: one row per answered matching query, for the statistics (issue 15).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_usage",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("query", sa.String(length=32), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=False),
        sa.Column("province_code", sa.String(length=32)),
        sa.Column("field_code", sa.String(length=8)),
        sa.Column(
            "used_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_usage")),
    )
    op.create_index(
        "ix_matching_usage_used_at",
        "matching_usage",
        ["used_at"],
        postgresql_include=["query", "province_code", "field_code"],
    )


def downgrade() -> None:
    op.drop_table("matching_usage")
