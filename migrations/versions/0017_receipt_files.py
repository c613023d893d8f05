"""Authorship receipts name the files: `listing_versions.files`.

A receipt of format 2 signs the name, size and SHA-256 of every attachment of the listing at
the time of issue; they are kept with the version so the stored receipt can be shown and
checked again. Versions signed before keep NULL (format 1) and verify as they always did.
Adding a nullable column rewrites no row (the table's trigger refuses UPDATE and DELETE).

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-01 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("listing_versions", sa.Column("files", postgresql.JSONB(astext_type=sa.Text())))


def downgrade() -> None:
    op.drop_column("listing_versions", "files")
