"""Search: one GIN index over the words and the commonest filters.

`ix_search_documents_search` (search_vector, province, kind, field_code) through btree_gin
replaces the GIN index on search_vector alone: a search narrowed to a province, kinds or
fields intersects posting lists in the index rather than fetching every match of its words
from the heap to test the filter (heap rechecks measured in notes/figures-from-code.md).
Queries without filters use it as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 20:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.create_index(
        "ix_search_documents_search",
        "search_documents",
        ["search_vector", "province", "kind", "field_code"],
        unique=False,
        postgresql_using="gin",
    )
    op.drop_index("ix_search_documents_search_vector", table_name="search_documents")


def downgrade() -> None:
    op.create_index(
        "ix_search_documents_search_vector",
        "search_documents",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.drop_index("ix_search_documents_search", table_name="search_documents")
    # btree_gin stays: dropping an extension another revision may rely on is not ours to do.
