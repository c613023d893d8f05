"""Vectors: pgvector embeddings of listings, fund theses and supplier profiles.

One `embeddings` table for every kind of subject, one row per embedded chunk. The `embedding`
column is an *untyped* `vector`, and each row stores the model that made it and its dimension
(checked by a constraint). A deployment that changes EMBEDDING_MODEL therefore needs no
migration: `innovex embed --backfill` re-embeds every subject with the new model and creates a
partial HNSW index for it over `embedding::vector(<dimension>)`, like the one created here for
the default model (all-MiniLM-L6-v2, 384 dimensions). HNSW needs a fixed dimension, hence the
cast in the index expression, and the partial predicate keeps each model's graph to its own
rows (and to public subjects, the only ones kNN queries look for).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:54:54
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HNSW_PREDICATE = "model = 'all-MiniLM-L6-v2' AND public"


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "embeddings",
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=False),
        sa.Column("chunk", sa.Integer(), server_default="0", nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("public", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("dimension", sa.Integer(), nullable=False),
        sa.Column("embedding", Vector(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "embedded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "subject_kind IN ('initiative', 'offer', 'need', 'fund', 'supplier')",
            name=op.f("ck_embeddings_kind_known"),
        ),
        sa.CheckConstraint(
            "vector_dims(embedding) = dimension", name=op.f("ck_embeddings_dimension_matches")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_embeddings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_kind", "subject_id", "chunk", name=op.f("pk_embeddings")),
    )
    op.create_index(
        op.f("ix_embeddings_organization_id"), "embeddings", ["organization_id"], unique=False
    )
    op.create_index(
        "ix_embeddings_hnsw_all_minilm_l6_v2",
        "embeddings",
        [sa.literal_column("(embedding::vector(384)) vector_cosine_ops")],
        unique=False,
        postgresql_using="hnsw",
        postgresql_where=sa.text(_HNSW_PREDICATE),
    )
    # Every listing that exists before this revision gets embedded by the worker.
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
    # Other models' indexes (created by `innovex embed --backfill`) go with the table.
    op.drop_index("ix_embeddings_hnsw_all_minilm_l6_v2", table_name="embeddings")
    op.drop_index(op.f("ix_embeddings_organization_id"), table_name="embeddings")
    op.drop_table("embeddings")
    op.execute("DELETE FROM outbox WHERE consumer = 'embedding'")
