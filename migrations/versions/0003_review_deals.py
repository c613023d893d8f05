"""Review, connections, deals and notifications: review assignments, score sheets and
decisions; connections (expressions of interest) with their NDA acknowledgement and message
threads; deals and their parties; in-app notifications.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:48:10.816355
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "connections",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("listing_kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.UUID(), nullable=False),
        sa.Column("owner_organization_id", sa.UUID(), nullable=False),
        sa.Column("requester_organization_id", sa.UUID(), nullable=False),
        sa.Column("requested_by", sa.UUID(), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("nda_version", sa.String(length=32), nullable=True),
        sa.Column("nda_acknowledged_by", sa.UUID(), nullable=True),
        sa.Column("nda_acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.String(length=32), nullable=True),
        sa.Column("decline_note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["nda_acknowledged_by"],
            ["users.id"],
            name=op.f("fk_connections_nda_acknowledged_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_organization_id"],
            ["organizations.id"],
            name=op.f("fk_connections_owner_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_connections_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["requester_organization_id"],
            ["organizations.id"],
            name=op.f("fk_connections_requester_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
    )
    op.create_index(op.f("ix_connections_listing_id"), "connections", ["listing_id"], unique=False)
    op.create_index(
        op.f("ix_connections_owner_organization_id"),
        "connections",
        ["owner_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_connections_requester_organization_id"),
        "connections",
        ["requester_organization_id"],
        unique=False,
    )
    op.create_index(
        "uq_connections_open_request",
        "connections",
        ["listing_id", "requester_organization_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('pending', 'accepted', 'negotiating', 'deal')"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_inbox", "notifications", ["user_id", "created_at", "id"], unique=False
    )
    op.create_index(
        "ix_notifications_unread",
        "notifications",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_table(
        "connection_messages",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("connection_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_connection_messages_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["connections.id"],
            name=op.f("fk_connection_messages_connection_id_connections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connection_messages")),
    )
    op.create_index(
        "ix_connection_messages_thread",
        "connection_messages",
        ["connection_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "deals",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("connection_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("value_vnd", sa.BigInteger(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.UUID(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint("value_vnd >= 0", name=op.f("ck_deals_value_non_negative")),
        sa.ForeignKeyConstraint(
            ["connection_id"], ["connections.id"], name=op.f("fk_deals_connection_id_connections")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_deals_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
        sa.UniqueConstraint("connection_id", name=op.f("uq_deals_connection_id")),
    )
    op.create_index("ix_deals_signed_on", "deals", ["signed_on"], unique=False)
    op.create_table(
        "review_assignments",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("initiative_id", sa.UUID(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.UUID(), nullable=False),
        sa.Column("assigned_by", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="assigned", nullable=False),
        sa.Column("conflict_note", sa.Text(), nullable=True),
        sa.Column("recused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('assigned', 'scored', 'recused')",
            name=op.f("ck_review_assignments_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"], ["users.id"], name=op.f("fk_review_assignments_assigned_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_review_assignments_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_review_assignments_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_assignments")),
        sa.UniqueConstraint(
            "initiative_id", "round", "reviewer_id", name="uq_review_assignments_reviewer_round"
        ),
    )
    op.create_index(
        op.f("ix_review_assignments_reviewer_id"),
        "review_assignments",
        ["reviewer_id"],
        unique=False,
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("initiative_id", sa.UUID(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("public_reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.UUID(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_review_decisions_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_review_decisions_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    op.create_index(
        op.f("ix_review_decisions_initiative_id"),
        "review_decisions",
        ["initiative_id"],
        unique=False,
    )
    op.create_table(
        "deal_parties",
        sa.Column("deal_id", sa.UUID(), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deals.id"],
            name=op.f("fk_deal_parties_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_deal_parties_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("deal_id", "organization_id", name=op.f("pk_deal_parties")),
    )
    op.create_index(
        op.f("ix_deal_parties_organization_id"), "deal_parties", ["organization_id"], unique=False
    )
    op.create_table(
        "review_scores",
        sa.Column("assignment_id", sa.UUID(), nullable=False),
        sa.Column("novelty", sa.Integer(), nullable=False),
        sa.Column("feasibility", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("commercial_potential", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "novelty BETWEEN 1 AND 5 AND feasibility BETWEEN 1 AND 5 AND impact BETWEEN 1 AND 5 AND commercial_potential BETWEEN 1 AND 5",
            name=op.f("ck_review_scores_scores_range"),
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["review_assignments.id"],
            name=op.f("fk_review_scores_assignment_id_review_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assignment_id", name=op.f("pk_review_scores")),
    )


def downgrade() -> None:
    for table in (
        "notifications",
        "deal_parties",
        "deals",
        "connection_messages",
        "connections",
        "review_decisions",
        "review_scores",
        "review_assignments",
    ):
        op.drop_table(table)
