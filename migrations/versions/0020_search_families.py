"""Near-duplicate families of search documents, settled when documents are written.

A document's `family` is the smallest id of the organisation's listings with nearly the same
title (NULL when it has none); searches fold each family into its best-placed match. Existing
rows start without a family: `innovex reindex` (or the next write of an organisation's
listings) settles them.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("search_documents", sa.Column("family", sa.Text(), nullable=True))
    # Settling reads an organisation's documents: without it, a sequential scan per write.
    op.create_index("ix_search_documents_organization", "search_documents", ["organization_id"])


def downgrade() -> None:
    op.drop_index("ix_search_documents_organization", table_name="search_documents")
    op.drop_column("search_documents", "family")
