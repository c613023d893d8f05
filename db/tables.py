"""Table metadata (SQLAlchemy Core). Alembic migrations must match it: `alembic check` proves it."""

from __future__ import annotations

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def uuid_pk() -> Column[object]:
    return Column(
        "id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


def created_at() -> Column[object]:
    return Column(
        "created_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    )


users = Table(
    "users",
    metadata,
    uuid_pk(),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("locale", String(2), nullable=False, server_default="vi"),
    Column("password_hash", Text, nullable=False),
    Column("roles", ARRAY(Text), nullable=False, server_default="{}"),
    created_at(),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    uuid_pk(),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token_hash", LargeBinary, nullable=False, unique=True),
    created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

organizations = Table(
    "organizations",
    metadata,
    uuid_pk(),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("province_code", String(32)),
    Column("registry_code", String(32), unique=True),
    Column("verified", Boolean, nullable=False, server_default="false"),
    created_at(),
)

memberships = Table(
    "memberships",
    metadata,
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role", String(16), nullable=False),
    created_at(),
    PrimaryKeyConstraint("organization_id", "user_id"),
)

# Append-only, hash-chained audit log (see domain/audit.py). `seq` is assigned under an
# advisory lock so the chain has no forks.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", UUID(as_uuid=True)),
    Column("action", String(64), nullable=False),
    Column("entity_kind", String(32), nullable=False),
    Column("entity_id", UUID(as_uuid=True), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_log_entity", audit_log.c.entity_kind, audit_log.c.entity_id)

# Transactional outbox: one row per (event, consumer), written in the transaction of the change.
outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("consumer", String(32), nullable=False),
    Column("topic", String(64), nullable=False),
    Column("payload", JSONB, nullable=False),
    created_at(),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column(
        "next_attempt_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.clock_timestamp(),
    ),
    Column("last_error", Text),
    Column("parked_at", DateTime(timezone=True)),
    CheckConstraint("attempts >= 0", name="attempts_non_negative"),
)
Index(
    "ix_outbox_ready",
    outbox.c.consumer,
    outbox.c.next_attempt_at,
    postgresql_where=outbox.c.parked_at.is_(None),
)


# --- listings -------------------------------------------------------------------------------

# S&T field taxonomy (domain/taxonomy.py), loaded by migration 0002; listings refer to it by code.
st_fields = Table(
    "st_fields",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("parent_code", String(8), ForeignKey("st_fields.code")),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
)


def _owner_columns() -> list[Column[object]]:
    return [
        Column(
            "organization_id",
            UUID(as_uuid=True),
            ForeignKey("organizations.id", ondelete="RESTRICT"),
            nullable=False,
            index=True,
        ),
        Column("created_by", UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")),
    ]


def _timestamps() -> list[Column[object]]:
    return [
        created_at(),
        Column(
            "updated_at",
            DateTime(timezone=True),
            nullable=False,
            server_default=func.clock_timestamp(),
        ),
        Column(
            "status_changed_at",
            DateTime(timezone=True),
            nullable=False,
            server_default=func.clock_timestamp(),
        ),
    ]


def _field_code() -> Column[object]:
    return Column("field_code", String(8), ForeignKey("st_fields.code"), index=True)


initiatives = Table(
    "initiatives",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("title", String(300), nullable=False),
    Column("summary", Text),
    Column("description", Text),  # confidential
    Column("problem", Text),
    Column("solution", Text),  # confidential
    Column("advantages", Text),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("trl", Integer),
    Column("ip_status", String(32), nullable=False, server_default="none"),
    Column("ip_number", String(64)),
    Column("target_users", Text),
    Column("expected_impact", Text),
    Column("province_code", String(32)),
    Column("language", String(2), nullable=False, server_default="vi"),
    Column("status", String(32), nullable=False, server_default="draft"),
    Column("revision", Integer, nullable=False, server_default="0"),
    *_timestamps(),
    CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
)
Index("ix_initiatives_status_created", initiatives.c.status, initiatives.c.created_at)

initiative_authors = Table(
    "initiative_authors",
    metadata,
    Column(
        "initiative_id",
        UUID(as_uuid=True),
        ForeignKey("initiatives.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("affiliation", String(300)),
    Column("user_id", UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")),
    Column("share_percent", Numeric(5, 2), nullable=False),
    PrimaryKeyConstraint("initiative_id", "position"),
    CheckConstraint("share_percent > 0 AND share_percent <= 100", name="share_range"),
)

technology_offers = Table(
    "technology_offers",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("title", String(300), nullable=False),
    Column("summary", Text),
    Column("description", Text),  # confidential
    Column("trl", Integer),
    Column("ip_status", String(32), nullable=False, server_default="none"),
    Column("ip_number", String(64)),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("transfer_modes", ARRAY(Text), nullable=False, server_default="{}"),
    Column("terms", Text),
    Column("price_min_vnd", BigInteger),
    Column("price_max_vnd", BigInteger),
    Column("province_code", String(32)),
    Column(
        "initiative_id",
        UUID(as_uuid=True),
        ForeignKey("initiatives.id", ondelete="SET NULL"),
        index=True,
    ),
    Column("contact_name", String(200)),  # confidential
    Column("contact_email", String(254)),  # confidential
    Column("contact_phone", String(32)),  # confidential
    Column("status", String(32), nullable=False, server_default="draft"),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("expires_at", DateTime(timezone=True)),
    *_timestamps(),
    CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
    CheckConstraint("price_min_vnd >= 0 AND price_max_vnd >= price_min_vnd", name="price_range"),
)
Index(
    "ix_technology_offers_status_created",
    technology_offers.c.status,
    technology_offers.c.created_at,
)

needs = Table(
    "needs",
    metadata,
    uuid_pk(),
    *_owner_columns(),
    Column("kind", String(16), nullable=False, server_default="request"),
    Column("title", String(300), nullable=False),
    Column("problem_statement", Text),
    Column("desired_outcome", Text),
    Column("constraints", Text),
    Column("min_trl", Integer),
    Column("budget_min_vnd", BigInteger),
    Column("budget_max_vnd", BigInteger),
    Column("deadline", Date),
    Column("province_code", String(32)),
    _field_code(),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("prize_vnd", BigInteger),
    Column("order_commitment", Text),
    Column("contact_name", String(200)),  # confidential
    Column("contact_email", String(254)),  # confidential
    Column("contact_phone", String(32)),  # confidential
    Column("status", String(32), nullable=False, server_default="draft"),
    *_timestamps(),
    CheckConstraint("min_trl BETWEEN 1 AND 9", name="min_trl_range"),
    CheckConstraint(
        "budget_min_vnd >= 0 AND budget_max_vnd >= budget_min_vnd", name="budget_range"
    ),
)
Index("ix_needs_status_created", needs.c.status, needs.c.created_at)

fund_profiles = Table(
    "fund_profiles",
    metadata,
    uuid_pk(),
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("thesis", Text, nullable=False),
    Column("field_codes", ARRAY(Text), nullable=False, server_default="{}"),
    Column("trl_min", Integer),
    Column("trl_max", Integer),
    Column("ticket_min_vnd", BigInteger),
    Column("ticket_max_vnd", BigInteger),
    Column("province_codes", ARRAY(Text), nullable=False, server_default="{}"),
    created_at(),
    Column(
        "updated_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    ),
    CheckConstraint("trl_min BETWEEN 1 AND 9 AND trl_max BETWEEN trl_min AND 9", name="trl_range"),
    CheckConstraint(
        "ticket_min_vnd >= 0 AND ticket_max_vnd >= ticket_min_vnd", name="ticket_range"
    ),
)

# Metadata of documents attached to initiatives, offers and needs (confidential; the files
# themselves are stored elsewhere). `organization_id` is the listing's owner, kept so that
# visibility needs no join to the listing's own table.
attachments = Table(
    "attachments",
    metadata,
    uuid_pk(),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("file_name", String(255), nullable=False),
    Column("media_type", String(127), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("caption", String(500)),
    Column("added_by", UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")),
    created_at(),
    CheckConstraint("listing_kind IN ('initiative', 'offer', 'need')", name="kind_known"),
    CheckConstraint("size_bytes BETWEEN 1 AND 52428800", name="size_range"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    # Also the index that finds a listing's attachments.
    UniqueConstraint("listing_id", "sha256", name="uq_attachments_listing_sha256"),
)

# The public status timeline of every listing kind: state, time and public reason. The actor is
# kept for the audit trail and is not part of the public timeline.
listing_status_changes = Table(
    "listing_status_changes",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column("from_status", String(32)),
    Column("to_status", String(32), nullable=False),
    Column("reason", Text),
    Column("actor_id", UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index(
    "ix_listing_status_changes_listing",
    listing_status_changes.c.listing_id,
    listing_status_changes.c.id,
)

# Immutable submitted versions (authorship receipts). A trigger from migration 0002 refuses
# UPDATE and DELETE.
listing_versions = Table(
    "listing_versions",
    metadata,
    uuid_pk(),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content", JSONB, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("signature", Text, nullable=False),
    Column("key_id", String(32), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL")),
    UniqueConstraint("listing_id", "version", name="uq_listing_versions_listing_version"),
)


# --- review, connections, deals, notifications ----------------------------------------------

# One row per reviewer per review round of an initiative (`round` is the initiative's revision
# when assigned, so a resubmission is reviewed afresh).
review_assignments = Table(
    "review_assignments",
    metadata,
    uuid_pk(),
    Column(
        "initiative_id",
        UUID(as_uuid=True),
        ForeignKey("initiatives.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("round", Integer, nullable=False),
    Column("reviewer_id", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False, index=True),
    Column("assigned_by", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    Column("status", String(16), nullable=False, server_default="assigned"),
    Column("conflict_note", Text),  # the reviewer's explanation; operators only
    Column("recused_at", DateTime(timezone=True)),
    created_at(),
    UniqueConstraint(
        "initiative_id", "round", "reviewer_id", name="uq_review_assignments_reviewer_round"
    ),
    CheckConstraint("status IN ('assigned', 'scored', 'recused')", name="status_known"),
)

# The reviewer's score sheet; comments are private (operators and the reviewer).
review_scores = Table(
    "review_scores",
    metadata,
    Column(
        "assignment_id",
        UUID(as_uuid=True),
        ForeignKey("review_assignments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("novelty", Integer, nullable=False),
    Column("feasibility", Integer, nullable=False),
    Column("impact", Integer, nullable=False),
    Column("commercial_potential", Integer, nullable=False),
    Column("comments", Text, nullable=False),
    Column("recommendation", String(16), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(
        "novelty BETWEEN 1 AND 5 AND feasibility BETWEEN 1 AND 5 AND impact BETWEEN 1 AND 5"
        " AND commercial_potential BETWEEN 1 AND 5",
        name="scores_range",
    ),
)

review_decisions = Table(
    "review_decisions",
    metadata,
    uuid_pk(),
    Column(
        "initiative_id",
        UUID(as_uuid=True),
        ForeignKey("initiatives.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("round", Integer, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("public_reason", Text, nullable=False),
    Column("decided_by", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

# Expressions of interest. `listing_id` points into initiatives, technology_offers or needs
# (by `listing_kind`), so it carries no foreign key.
connections = Table(
    "connections",
    metadata,
    uuid_pk(),
    Column("kind", String(16), nullable=False),
    Column("listing_kind", String(16), nullable=False),
    Column("listing_id", UUID(as_uuid=True), nullable=False, index=True),
    Column(
        "owner_organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id"),
        nullable=False,
        index=True,
    ),
    Column(
        "requester_organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id"),
        nullable=False,
        index=True,
    ),
    Column("requested_by", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    Column("intro", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("nda_version", String(32)),
    Column("nda_acknowledged_by", UUID(as_uuid=True), ForeignKey("users.id")),
    Column("nda_acknowledged_at", DateTime(timezone=True)),
    Column("decline_reason", String(32)),
    Column("decline_note", Text),
    created_at(),
    Column(
        "updated_at", DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    ),
)
# One open request per requester organisation and listing.
Index(
    "uq_connections_open_request",
    connections.c.listing_id,
    connections.c.requester_organization_id,
    unique=True,
    postgresql_where=connections.c.status.in_(["pending", "accepted", "negotiating", "deal"]),
)

connection_messages = Table(
    "connection_messages",
    metadata,
    uuid_pk(),
    Column(
        "connection_id",
        UUID(as_uuid=True),
        ForeignKey("connections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("author_id", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    Column("body", Text, nullable=False),
    created_at(),
)
Index(
    "ix_connection_messages_thread",
    connection_messages.c.connection_id,
    connection_messages.c.created_at,
    connection_messages.c.id,
)

deals = Table(
    "deals",
    metadata,
    uuid_pk(),
    Column(
        "connection_id",
        UUID(as_uuid=True),
        ForeignKey("connections.id"),
        nullable=False,
        unique=True,
    ),
    Column("kind", String(32), nullable=False),
    Column("value_vnd", BigInteger),
    Column("signed_on", Date, nullable=False),
    Column("recorded_by", UUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    created_at(),
    CheckConstraint("value_vnd >= 0", name="value_non_negative"),
)
Index("ix_deals_signed_on", deals.c.signed_on)

deal_parties = Table(
    "deal_parties",
    metadata,
    Column(
        "deal_id", UUID(as_uuid=True), ForeignKey("deals.id", ondelete="CASCADE"), nullable=False
    ),
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("deal_id", "organization_id"),
)

notifications = Table(
    "notifications",
    metadata,
    uuid_pk(),
    Column(
        "user_id", UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    Column("kind", String(32), nullable=False),
    Column("subject_kind", String(32), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("text", Text, nullable=False),
    created_at(),
    Column("read_at", DateTime(timezone=True)),
)
Index(
    "ix_notifications_inbox",
    notifications.c.user_id,
    notifications.c.created_at,
    notifications.c.id,
)
Index(
    "ix_notifications_unread",
    notifications.c.user_id,
    postgresql_where=notifications.c.read_at.is_(None),
)


# --- search (PostgreSQL backend of the SearchIndex port) ------------------------------------

# The public projection of every searchable listing, denormalised. The two tsvectors are
# generated by IMMUTABLE functions created in migration 0004: `search_vector` over unaccented,
# lowercased text weighted title (A) > keywords (B) > summary (C) > body and organisation (D);
# `exact_vector` over the text with its diacritics, to rank exact-diacritic matches first.
search_documents = Table(
    "search_documents",
    metadata,
    Column("id", Text, primary_key=True),  # "<kind>:<uuid>"
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False, server_default=""),
    Column("keywords", ARRAY(Text), nullable=False, server_default="{}"),
    Column("body", Text, nullable=False, server_default=""),
    Column("language", String(8), nullable=False, server_default="vi"),
    Column("field_code", Text),
    Column("trl", Integer),
    Column("province", Text),
    Column("ip_status", Text),
    Column("transfer_modes", ARRAY(Text), nullable=False, server_default="{}"),
    Column("status", Text, nullable=False, server_default=""),
    Column("organization_id", Text),
    Column("organization_name", Text),
    Column("organization_kind", Text),
    Column("updated_at", DateTime(timezone=True)),
    Column(
        "search_vector",
        TSVECTOR,
        Computed(
            "innovex_search_vector(title, keywords, summary, body, organization_name)",
            persisted=True,
        ),
        nullable=False,
    ),
    Column(
        "exact_vector",
        TSVECTOR,
        Computed("innovex_exact_vector(title, keywords, summary)", persisted=True),
        nullable=False,
    ),
)
# The words and the commonest filters in one GIN index (btree_gin, migration 0007): a search
# narrowed to a province, kinds or fields intersects posting lists in the index instead of
# rechecking every match of the words in the heap.
Index(
    "ix_search_documents_search",
    search_documents.c.search_vector,
    search_documents.c.province,
    search_documents.c.kind,
    search_documents.c.field_code,
    postgresql_using="gin",
)
Index(
    "ix_search_documents_title_trgm",
    text("innovex_unaccent(lower(title)) gin_trgm_ops"),
    postgresql_using="gin",
    _table=search_documents,
)
Index("ix_search_documents_updated_at", search_documents.c.updated_at)

# Every unaccented word of the indexed text, for typo tolerance: query words are expanded to
# the terms within their edit distance (pg_trgm nearest neighbours checked by levenshtein).
search_terms = Table("search_terms", metadata, Column("term", Text, primary_key=True))
Index(
    "ix_search_terms_term_trgm",
    search_terms.c.term,
    postgresql_using="gist",
    postgresql_ops={"term": "gist_trgm_ops"},
)


# --- matching (pgvector) --------------------------------------------------------------------

# Embedding model whose HNSW index the migrations create; other models get theirs from
# `innovex embed --backfill` (matching/vectors.py).
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
DEFAULT_EMBEDDING_DIMENSION = 384

# One row per embedded chunk of a subject: offers, initiatives, needs, fund theses and, as
# `supplier`, one profile per organisation derived from its public portfolio. The column is an
# untyped `vector` so a deployment can change model (and dimension) without a migration: each
# row says which model made it and its dimension, and every model gets its own partial HNSW
# index over `embedding::vector(<dimension>)`. `public` mirrors the subject's visibility so
# kNN over public listings is an index scan; confidential text may be embedded, but only
# public subjects are ever returned.
embeddings = Table(
    "embeddings",
    metadata,
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", UUID(as_uuid=True), nullable=False),
    Column("chunk", Integer, nullable=False, server_default="0"),
    Column(
        "organization_id",
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("public", Boolean, nullable=False, server_default="false"),
    Column("model", String(200), nullable=False),
    Column("dimension", Integer, nullable=False),
    Column("embedding", Vector(), nullable=False),
    Column("text_hash", String(64), nullable=False),
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
Index(
    "ix_embeddings_hnsw_all_minilm_l6_v2",
    text(f"(embedding::vector({DEFAULT_EMBEDDING_DIMENSION})) vector_cosine_ops"),
    postgresql_using="hnsw",
    postgresql_where=text(f"model = '{DEFAULT_EMBEDDING_MODEL}' AND public"),
    _table=embeddings,
)
