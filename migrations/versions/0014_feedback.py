"""Independent evaluation and feedback: users' ratings of the processes they went through, and
evaluation rounds by external evaluators.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
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
    op.create_table(
        "process_ratings",
        _id(),
        sa.Column("process", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=False),
        sa.Column("listing_kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.UUID(), nullable=False),
        sa.Column("province_code", sa.String(length=32)),
        sa.Column("field_code", sa.String(length=8)),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("commented", sa.Boolean(), sa.Computed("comment IS NOT NULL", persisted=True)),
        _created_at(),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_process_ratings_score_range")),
        sa.CheckConstraint(
            "process IN ('submission', 'review', 'connection')",
            name=op.f("ck_process_ratings_process_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_process_ratings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_ratings")),
        sa.UniqueConstraint(
            "user_id", "process", "subject_id", name="uq_process_ratings_rater_subject"
        ),
    )
    op.create_index(
        "ix_process_ratings_rated_at",
        "process_ratings",
        ["rated_at", "id"],
        postgresql_include=["process", "score", "province_code", "field_code", "commented"],
    )
    op.create_table(
        "evaluation_rounds",
        _id(),
        sa.Column("evaluator", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.UUID(), nullable=False),
        _created_at(),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("published_by", sa.UUID()),
        sa.CheckConstraint(
            "period_end > period_start", name=op.f("ck_evaluation_rounds_period_order")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_evaluation_rounds_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_evaluation_rounds_published_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_rounds")),
    )


def downgrade() -> None:
    op.drop_table("evaluation_rounds")
    op.drop_index("ix_process_ratings_rated_at", table_name="process_ratings")
    op.drop_table("process_ratings")
