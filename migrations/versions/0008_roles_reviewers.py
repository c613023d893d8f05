"""Platform roles scoped to provinces, and reviewer profiles.

`platform_role_provinces` limits an operator or observer role (still listed in users.roles) to
provinces; no row means central. `reviewer_profiles` holds a reviewer's fields of expertise,
affiliation, declared interests and languages; the load is counted from review_assignments.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "platform_role_provinces",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("province_code", sa.String(length=32), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_platform_role_provinces_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "role", "province_code", name=op.f("pk_platform_role_provinces")
        ),
    )
    op.create_table(
        "reviewer_profiles",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column(
            "field_codes",
            postgresql.ARRAY(sa.String(length=8)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("affiliation_id", sa.UUID(), nullable=True),
        sa.Column(
            "declared_interest_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "languages", postgresql.ARRAY(sa.String(length=3)), server_default="{}", nullable=False
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["organizations.id"],
            name=op.f("fk_reviewer_profiles_affiliation_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reviewer_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_reviewer_profiles")),
    )
    op.create_index(
        op.f("ix_reviewer_profiles_affiliation_id"),
        "reviewer_profiles",
        ["affiliation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reviewer_profiles_affiliation_id"), table_name="reviewer_profiles")
    op.drop_table("reviewer_profiles")
    op.drop_table("platform_role_provinces")
