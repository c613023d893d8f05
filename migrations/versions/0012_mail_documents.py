"""Mail and documents: email verification and password-reset tokens, the mail outbox, digest
preferences, and stored files of attachments.

Users who existed before count as verified (they signed up before verification was asked).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamp(name: str) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        server_default=sa.text("clock_timestamp()"),
        nullable=False,
    )


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", sa.DateTime(timezone=True)))
    op.add_column(
        "users", sa.Column("digest", sa.String(length=8), server_default="daily", nullable=False)
    )
    op.add_column("users", sa.Column("last_digest_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE users SET email_verified_at = created_at")
    op.add_column("attachments", sa.Column("storage_key", sa.String(length=80)))
    op.create_unique_constraint(op.f("uq_attachments_storage_key"), "attachments", ["storage_key"])
    op.create_table(
        "email_tokens",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(), nullable=False),
        _stamp("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "purpose IN ('verify_email', 'reset_password')",
            name=op.f("ck_email_tokens_purpose_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_tokens_token_hash")),
    )
    op.create_index(op.f("ix_email_tokens_user_id"), "email_tokens", ["user_id"])
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _stamp("created_at"),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        _stamp("next_attempt_at"),
        sa.Column("last_error", sa.Text()),
        sa.Column("parked_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    op.create_index(
        "ix_mail_outbox_ready",
        "mail_outbox",
        ["next_attempt_at"],
        postgresql_where=sa.text("parked_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_mail_outbox_ready", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_index(op.f("ix_email_tokens_user_id"), table_name="email_tokens")
    op.drop_table("email_tokens")
    op.drop_constraint(op.f("uq_attachments_storage_key"), "attachments", type_="unique")
    op.drop_column("attachments", "storage_key")
    op.drop_column("users", "last_digest_at")
    op.drop_column("users", "digest")
    op.drop_column("users", "email_verified_at")
