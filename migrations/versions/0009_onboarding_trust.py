"""Trust model: deals both sides confirm, challenge awards, organisation verification
requests, invitations and join requests.

Deals recorded before this revision were recorded by one side only: they become `pending`, so
they stop counting in totals until the other party confirms them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> sa.Column[object]:
    return sa.Column(
        "created_at",
        sa.DateTime(timezone=True),
        server_default=sa.text("clock_timestamp()"),
        nullable=False,
    )


def _id() -> sa.Column[object]:
    return sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False)


def upgrade() -> None:
    # Search documents say whether the owner is verified (reindexed by `innovex reindex`).
    op.add_column(
        "search_documents",
        sa.Column("organization_verified", sa.Boolean(), server_default="false", nullable=False),
    )
    # deals: pending -> confirmed | disputed
    op.add_column(
        "deals", sa.Column("status", sa.String(16), server_default="pending", nullable=False)
    )
    op.add_column("deals", sa.Column("recorded_for", sa.UUID(), nullable=True))
    op.add_column("deals", sa.Column("answered_by", sa.UUID(), nullable=True))
    op.add_column("deals", sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("deals", sa.Column("dispute_reason", sa.Text(), nullable=True))
    op.create_foreign_key(
        op.f("fk_deals_recorded_for_organizations"),
        "deals",
        "organizations",
        ["recorded_for"],
        ["id"],
    )
    op.create_foreign_key(
        op.f("fk_deals_answered_by_users"), "deals", "users", ["answered_by"], ["id"]
    )
    op.create_check_constraint(
        op.f("ck_deals_status_known"), "deals", "status IN ('pending', 'confirmed', 'disputed')"
    )
    op.drop_constraint(op.f("uq_deals_connection_id"), "deals", type_="unique")
    op.create_index(
        "uq_deals_live_connection",
        "deals",
        ["connection_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('pending', 'confirmed')"),
    )

    op.create_table(
        "need_awards",
        sa.Column("need_id", sa.UUID(), nullable=False),
        sa.Column("winner_organization_id", sa.UUID(), nullable=False),
        sa.Column("connection_id", sa.UUID(), nullable=True),
        sa.Column("offer_id", sa.UUID(), nullable=True),
        sa.Column("awarded_by", sa.UUID(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_need_awards_need_id_needs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["winner_organization_id"],
            ["organizations.id"],
            name=op.f("fk_need_awards_winner_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["connections.id"],
            name=op.f("fk_need_awards_connection_id_connections"),
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["technology_offers.id"],
            name=op.f("fk_need_awards_offer_id_technology_offers"),
        ),
        sa.ForeignKeyConstraint(
            ["awarded_by"], ["users.id"], name=op.f("fk_need_awards_awarded_by_users")
        ),
        sa.PrimaryKeyConstraint("need_id", name=op.f("pk_need_awards")),
    )
    op.create_index(
        op.f("ix_need_awards_winner_organization_id"),
        "need_awards",
        ["winner_organization_id"],
        unique=False,
    )

    op.create_table(
        "organization_verifications",
        _id(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("registry_code", sa.String(32), nullable=False),
        sa.Column(
            "documents",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("requested_by", sa.UUID(), nullable=False),
        _created_at(),
        sa.Column("decided_by", sa.UUID(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'verified', 'rejected')",
            name=op.f("ck_organization_verifications_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_verifications_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_organization_verifications_requested_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_organization_verifications_decided_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_verifications")),
    )
    op.create_index(
        op.f("ix_organization_verifications_organization_id"),
        "organization_verifications",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        "uq_organization_verifications_pending",
        "organization_verifications",
        ["organization_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )

    op.create_table(
        "invitations",
        _id(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("invited_by", sa.UUID(), nullable=False),
        _created_at(),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_by", sa.UUID(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined', 'revoked')",
            name=op.f("ck_invitations_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invitations_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["users.id"], name=op.f("fk_invitations_invited_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_invitations_answered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
    )
    op.create_index(op.f("ix_invitations_email"), "invitations", ["email"], unique=False)
    op.create_index(
        op.f("ix_invitations_organization_id"), "invitations", ["organization_id"], unique=False
    )
    op.create_index(
        "uq_invitations_pending",
        "invitations",
        ["organization_id", "email"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )

    op.create_table(
        "join_requests",
        _id(),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        _created_at(),
        sa.Column("answered_by", sa.UUID(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined')",
            name=op.f("ck_join_requests_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_join_requests_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_join_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_join_requests_answered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    op.create_index(
        op.f("ix_join_requests_organization_id"),
        "join_requests",
        ["organization_id"],
        unique=False,
    )
    op.create_index(op.f("ix_join_requests_user_id"), "join_requests", ["user_id"], unique=False)
    op.create_index(
        "uq_join_requests_pending",
        "join_requests",
        ["organization_id", "user_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_column("search_documents", "organization_verified")
    op.drop_table("join_requests")
    op.drop_table("invitations")
    op.drop_table("organization_verifications")
    op.drop_table("need_awards")
    op.drop_index("uq_deals_live_connection", table_name="deals")
    # Disputed deals may share a connection with a later one; keep the latest per connection.
    op.execute(
        "DELETE FROM deals d USING deals e WHERE d.connection_id = e.connection_id "
        "AND d.created_at < e.created_at"
    )
    op.create_unique_constraint(op.f("uq_deals_connection_id"), "deals", ["connection_id"])
    op.drop_constraint(op.f("ck_deals_status_known"), "deals", type_="check")
    op.drop_constraint(op.f("fk_deals_answered_by_users"), "deals", type_="foreignkey")
    op.drop_constraint(op.f("fk_deals_recorded_for_organizations"), "deals", type_="foreignkey")
    for column in ("dispute_reason", "answered_at", "answered_by", "recorded_for", "status"):
        op.drop_column("deals", column)
