"""Search: the PostgreSQL backend of the SearchIndex port.

A denormalised `search_documents` table with generated tsvectors, the `search_terms` vocabulary
for typo tolerance, an `innovex_search` text search configuration (unaccent, then simple) and
the IMMUTABLE functions the generated columns and indexes need.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 19:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every word-like token type of the default parser goes through unaccent, then simple
# (which lowercases): "Điện" and "dien" are the same lexeme.
_WORD_TOKENS = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # unaccent() is STABLE (its dictionary could change); with the dictionary fixed it is
    # immutable for our purposes, which generated columns and index expressions require.
    op.execute(
        """
        CREATE FUNCTION innovex_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN public.unaccent('public.unaccent'::regdictionary, $1)
        """
    )
    op.execute("CREATE TEXT SEARCH CONFIGURATION innovex_search (COPY = pg_catalog.simple)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION innovex_search ALTER MAPPING FOR {_WORD_TOKENS} "
        "WITH public.unaccent, pg_catalog.simple"
    )
    op.execute(
        """
        CREATE FUNCTION innovex_search_vector(
            title text, keywords text[], summary text, body text, organization_name text
        ) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN
            setweight(to_tsvector('public.innovex_search'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('public.innovex_search'::regconfig,
                   coalesce(array_to_string(keywords, ' '), '')), 'B')
            || setweight(to_tsvector('public.innovex_search'::regconfig, coalesce(summary, '')), 'C')
            || setweight(to_tsvector('public.innovex_search'::regconfig,
                   coalesce(body, '') || ' ' || coalesce(organization_name, '')), 'D')
        """
    )
    op.execute(
        """
        CREATE FUNCTION innovex_exact_vector(title text, keywords text[], summary text)
        RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN to_tsvector('pg_catalog.simple'::regconfig,
            coalesce(title, '') || ' ' || coalesce(array_to_string(keywords, ' '), '') || ' '
            || coalesce(summary, ''))
        """
    )
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("keywords", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("language", sa.String(length=8), server_default="vi", nullable=False),
        sa.Column("field_code", sa.Text(), nullable=True),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("ip_status", sa.Text(), nullable=True),
        sa.Column(
            "transfer_modes", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("status", sa.Text(), server_default="", nullable=False),
        sa.Column("organization_id", sa.Text(), nullable=True),
        sa.Column("organization_name", sa.Text(), nullable=True),
        sa.Column("organization_kind", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                "innovex_search_vector(title, keywords, summary, body, organization_name)",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "exact_vector",
            postgresql.TSVECTOR(),
            sa.Computed("innovex_exact_vector(title, keywords, summary)", persisted=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
    )
    op.create_index(
        "ix_search_documents_search_vector",
        "search_documents",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_documents_title_trgm",
        "search_documents",
        [sa.literal_column("innovex_unaccent(lower(title)) gin_trgm_ops")],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_search_documents_updated_at", "search_documents", ["updated_at"], unique=False
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_terms")),
    )
    op.create_index(
        "ix_search_terms_term_trgm",
        "search_terms",
        ["term"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={"term": "gist_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_search_terms_term_trgm", table_name="search_terms")
    op.drop_table("search_terms")
    op.drop_index("ix_search_documents_updated_at", table_name="search_documents")
    op.drop_index("ix_search_documents_title_trgm", table_name="search_documents")
    op.drop_index("ix_search_documents_search_vector", table_name="search_documents")
    op.drop_table("search_documents")
    op.execute("DROP FUNCTION innovex_exact_vector(text, text[], text)")
    op.execute("DROP FUNCTION innovex_search_vector(text, text[], text, text, text)")
    op.execute("DROP TEXT SEARCH CONFIGURATION innovex_search")
    op.execute("DROP FUNCTION innovex_unaccent(text)")
    # fuzzystrmatch stays: dropping an extension another revision may rely on is not ours to do.
