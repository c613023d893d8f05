"""Periodic reports: one row per (period, scope), generated once, and its files in the
document store (the spreadsheet and the PDF)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    String,
    Table,
    UniqueConstraint,
)

from db.tables.base import created_at, metadata, references, uuid_pk

# `scope` is "national" or a province code (never null: the unique key must hold for both).
reports = Table(
    "reports",
    metadata,
    uuid_pk(),
    Column("period", String(8), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("scope", String(40), nullable=False),
    Column("generated_at", DateTime(timezone=True), nullable=False),
    created_at(),
    UniqueConstraint("period", "scope", name="uq_reports_period_scope"),
    CheckConstraint("kind IN ('monthly', 'quarterly', 'yearly')", name="kind_known"),
)

report_files = Table(
    "report_files",
    metadata,
    uuid_pk(),
    references("report_id", "reports.id", ondelete="CASCADE", nullable=False, index=True),
    Column("format", String(8), nullable=False),
    Column("storage_key", String(80), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    UniqueConstraint("report_id", "format", name="uq_report_files_report_format"),
    CheckConstraint("format IN ('xlsx', 'pdf')", name="format_known"),
)
