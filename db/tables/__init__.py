"""Table metadata (SQLAlchemy Core). Alembic migrations must match it: `alembic check` proves it.

Importing this package registers every table on `metadata`; the submodules split them by context.
"""

from db.tables.accounts import (
    auth_tokens,
    memberships,
    organizations,
    users,
)
from db.tables.audit import (
    audit_log,
    outbox,
)
from db.tables.base import (
    created_at,
    metadata,
    uuid_pk,
)
from db.tables.connections import (
    connection_messages,
    connections,
    deal_parties,
    deals,
    notifications,
)
from db.tables.federation import (
    api_keys,
    federated_records,
    federation_peers,
    feed_items,
    feed_state,
    sync_cursors,
    webhook_deliveries,
    webhook_subscriptions,
)
from db.tables.feedback import (
    evaluation_rounds,
    process_ratings,
)
from db.tables.listings import (
    attachments,
    fund_profiles,
    initiative_authors,
    initiatives,
    listing_status_changes,
    listing_versions,
    needs,
    st_fields,
    technology_offers,
)
from db.tables.mail import (
    email_tokens,
    mail_outbox,
)
from db.tables.matching import (
    DEFAULT_EMBEDDING_DIMENSION,
    DEFAULT_EMBEDDING_MODEL,
    embeddings,
    matching_usage,
)
from db.tables.reports import (
    report_files,
    reports,
)
from db.tables.review import (
    review_assignments,
    review_decisions,
    review_scores,
)
from db.tables.roles import (
    platform_role_provinces,
    reviewer_profiles,
)
from db.tables.search import (
    search_documents,
    search_terms,
)
from db.tables.trust import (
    invitations,
    join_requests,
    need_awards,
    organization_verifications,
)

__all__ = [
    "DEFAULT_EMBEDDING_DIMENSION",
    "DEFAULT_EMBEDDING_MODEL",
    "api_keys",
    "attachments",
    "audit_log",
    "auth_tokens",
    "connection_messages",
    "connections",
    "created_at",
    "deal_parties",
    "deals",
    "email_tokens",
    "embeddings",
    "evaluation_rounds",
    "federated_records",
    "federation_peers",
    "feed_items",
    "feed_state",
    "fund_profiles",
    "initiative_authors",
    "initiatives",
    "invitations",
    "join_requests",
    "listing_status_changes",
    "listing_versions",
    "mail_outbox",
    "matching_usage",
    "memberships",
    "metadata",
    "need_awards",
    "needs",
    "notifications",
    "organization_verifications",
    "organizations",
    "outbox",
    "platform_role_provinces",
    "process_ratings",
    "report_files",
    "reports",
    "review_assignments",
    "review_decisions",
    "review_scores",
    "reviewer_profiles",
    "search_documents",
    "search_terms",
    "st_fields",
    "sync_cursors",
    "technology_offers",
    "users",
    "uuid_pk",
    "webhook_deliveries",
    "webhook_subscriptions",
]
