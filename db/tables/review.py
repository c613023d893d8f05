"""Review rounds of initiatives: assignments, score sheets and decisions."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from db.tables.base import created_at, metadata, references, uuid_pk

# One row per reviewer per review round of an initiative (`round` is the initiative's revision
# when assigned, so a resubmission is reviewed afresh).
review_assignments = Table(
    "review_assignments",
    metadata,
    uuid_pk(),
    references("initiative_id", "initiatives.id", ondelete="CASCADE", nullable=False),
    Column("round", Integer, nullable=False),
    references("reviewer_id", "users.id", nullable=False, index=True),
    references("assigned_by", "users.id", nullable=False),
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
    references("assignment_id", "review_assignments.id", ondelete="CASCADE", primary_key=True),
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
    references("initiative_id", "initiatives.id", ondelete="CASCADE", nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("public_reason", Text, nullable=False),
    references("decided_by", "users.id", nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)
Index("ix_review_decisions_decided_at", review_decisions.c.decided_at)
