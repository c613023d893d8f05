"""The metadata every table registers on, with its naming convention, and the columns
most tables share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

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


def stamped(name: str) -> Column[object]:
    """A time the database writes (its clock when the row is written) unless one is given."""
    return Column(
        name, DateTime(timezone=True), nullable=False, server_default=func.clock_timestamp()
    )


def created_at() -> Column[object]:
    return stamped("created_at")


def updated_at() -> Column[object]:
    return stamped("updated_at")


def references(
    name: str, target: str, *, ondelete: str | None = None, **column: Any
) -> Column[object]:
    """A UUID column with a foreign key to `target` ("table.column"); `column` as for Column."""
    return Column(name, UUID(as_uuid=True), ForeignKey(target, ondelete=ondelete), **column)


def retry_columns() -> list[Column[object]]:
    """The bookkeeping of a queue the worker drains with backoff: tries, when next, why the
    last failed, and when it was parked for good."""
    return [
        Column("attempts", Integer, nullable=False, server_default="0"),
        stamped("next_attempt_at"),
        Column("last_error", Text),
        Column("parked_at", DateTime(timezone=True)),
    ]
