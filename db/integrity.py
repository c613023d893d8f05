"""Unique violations as the domain's Conflict.

Use cases check for duplicates before writing (`email_taken`, `open_exists`...), but two
requests can both pass the check and race to the insert; the database's unique constraint
then decides. The loser must get the same typed Conflict the check would have given, not a
masked INTERNAL error, so the session translates the violation where it is raised.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from domain.errors import Conflict, ConflictCode

UNIQUE_VIOLATION = "23505"

# Constraint name -> what the use case's own check says for the same duplicate.
_BY_CONSTRAINT: dict[str, tuple[ConflictCode, str]] = {
    "uq_users_email": (ConflictCode.EMAIL_TAKEN, "An account with this email already exists."),
    "uq_organizations_registry_code": (
        ConflictCode.REGISTRY_CODE_TAKEN,
        "An organisation with this registry code already exists.",
    ),
    "pk_memberships": (ConflictCode.ALREADY_MEMBER, "This user is already a member."),
    "uq_connections_open_request": (
        ConflictCode.ALREADY_EXISTS,
        "Your organisation already has an open request for this listing.",
    ),
    "uq_join_requests_pending": (
        ConflictCode.ALREADY_EXISTS,
        "Your request already awaits an answer.",
    ),
    "uq_invitations_pending": (
        ConflictCode.ALREADY_EXISTS,
        "This email already has a pending invitation.",
    ),
}


def _diagnostics(error: IntegrityError) -> tuple[str | None, str | None]:
    """(sqlstate, constraint name) from SQLAlchemy's asyncpg adapter error or its cause."""
    sqlstate: str | None = None
    constraint: str | None = None
    candidate: Any = error.orig
    while candidate is not None:
        sqlstate = (
            sqlstate or getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        )
        constraint = constraint or getattr(candidate, "constraint_name", None)
        candidate = candidate.__cause__
    return sqlstate, constraint


def conflict_from(error: IntegrityError) -> Conflict | None:
    """The Conflict a unique violation stands for, or None for any other integrity error
    (a foreign key or check failure is a bug, to be masked and logged)."""
    sqlstate, constraint = _diagnostics(error)
    if sqlstate != UNIQUE_VIOLATION:
        return None
    code, message = _BY_CONSTRAINT.get(
        constraint or "", (ConflictCode.ALREADY_EXISTS, "This already exists.")
    )
    return Conflict(code, message)
