"""What an actor may read of listings, as SQL: part of each statement, never a filter after
the rows are fetched. Also the filters and order lists of listings share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Select,
    Table,
    false,
    or_,
)
from sqlalchemy.sql.elements import ColumnElement

from db.repositories.connections import connection_grant
from db.repositories.review import reviewer_grant
from db.tables import (
    needs,
)
from domain.accounts import Actor
from domain.listings import (
    ListingFilter,
)


def granted_clause(actor: Actor, listing_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """True for listings the actor was granted access to (assigned non-recused reviewer, party
    of an accepted connection): EXISTS subqueries over the review and connection tables."""
    if actor.user_id is None:
        return false()
    return or_(
        reviewer_grant(actor.user_id, listing_id), connection_grant(actor.user_id, listing_id)
    )


def readable_clause(
    table: Table, actor: Actor, public_statuses: frozenset[Any]
) -> ColumnElement[bool]:
    """Rows the actor may read: public states for everyone; everything for the owner
    organisation's members; everything but drafts for operators (a draft is its authors' alone
    until submitted); granted listings for their grantees."""
    if actor.is_authenticated and actor.is_staff:
        staff: list[ColumnElement[bool]] = [table.c.status != "draft"]
        if actor.memberships:
            staff.append(table.c.organization_id.in_(list(actor.memberships)))
        return or_(*staff)
    clauses: list[ColumnElement[bool]] = [
        table.c.status.in_(sorted(s.value for s in public_statuses))
    ]
    if actor.memberships:
        clauses.append(table.c.organization_id.in_(list(actor.memberships)))
    if actor.is_authenticated:
        clauses.append(granted_clause(actor, table.c.id))
    return or_(*clauses)


def filtered(stmt: Select[Any], table: Table, actor: Actor, f: ListingFilter) -> Select[Any]:
    if f.statuses:
        stmt = stmt.where(table.c.status.in_(list(f.statuses)))
    if f.field_code is not None:
        code = f.field_code
        # A level-1 field ("2") matches itself and its sectors ("201".."299").
        stmt = stmt.where(
            or_(table.c.field_code == code, table.c.field_code.startswith(code))
            if len(code) == 1
            else table.c.field_code == code
        )
    if f.province_code is not None:
        stmt = stmt.where(table.c.province_code == f.province_code)
    if f.organization_id is not None:
        stmt = stmt.where(table.c.organization_id == f.organization_id)
    trl = table.c.min_trl if table is needs else table.c.trl if "trl" in table.c else None
    if trl is not None and f.trl_min is not None:
        stmt = stmt.where(trl >= f.trl_min)
    if trl is not None and f.trl_max is not None:
        stmt = stmt.where(trl <= f.trl_max)
    if f.mine:
        stmt = stmt.where(table.c.organization_id.in_(list(actor.memberships) or [None]))
    if f.need_kind is not None and table is needs:
        stmt = stmt.where(table.c.kind == f.need_kind.value)
    return stmt


def newest_first(table: Table) -> list[ColumnElement[Any]]:
    return [table.c.created_at, table.c.id]
