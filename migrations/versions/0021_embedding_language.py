"""Embeddings record the language of the public text they were made from.

`embeddings.language` ("vi" or "other", domain/language.py) lets market pull compare a
listing with the public listings of its own language. Existing rows start NULL (unknown: their
listing is compared with listings of any language) and every subject is queued for the
embedder, which detects the language from the public title and summary and writes it without
re-embedding when the text is unchanged; `innovex embed --backfill` does the same at once. The
detector is Python, not SQL, so the migration does not copy it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 01:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("embeddings", sa.Column("language", sa.String(length=8), nullable=True))
    op.execute(
        """
        INSERT INTO outbox (consumer, topic, payload)
        SELECT 'embedding', 'listing_changed', jsonb_build_object('kind', k, 'entity_id', id)
        FROM (
            SELECT 'initiative' AS k, id FROM initiatives
            UNION ALL SELECT 'offer', id FROM technology_offers
            UNION ALL SELECT 'need', id FROM needs
            UNION ALL SELECT 'fund', id FROM fund_profiles
        ) AS existing
        """
    )


def downgrade() -> None:
    op.drop_column("embeddings", "language")
