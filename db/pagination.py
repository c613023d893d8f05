"""Keyset pagination: `WHERE (k1, k2) > (:v1, :v2) ORDER BY k1, k2 LIMIT first + 1`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from domain.errors import FieldIssue, InvalidInput, ValidationCode


def _coerce(column: ColumnElement[Any], value: Any) -> Any:
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    try:
        if python_type is datetime and isinstance(value, str):
            return datetime.fromisoformat(value)
        if python_type is UUID and isinstance(value, str):
            return UUID(value)
        if python_type in (int, float) and not isinstance(value, python_type):
            return python_type(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            [FieldIssue(("after",), ValidationCode.INVALID_FORMAT, "is not a valid cursor")]
        ) from None
    return value


def keyset_page(
    stmt: Select[Any],
    order: Sequence[ColumnElement[Any]],
    after: list[Any] | None,
    first: int,
    *,
    descending: bool = False,
) -> Select[Any]:
    if after is not None:
        if len(after) != len(order):
            raise InvalidInput(
                [FieldIssue(("after",), ValidationCode.INVALID_FORMAT, "is not a valid cursor")]
            )
        values = [_coerce(c, v) for c, v in zip(order, after, strict=True)]
        left, right = tuple_(*order), tuple_(*values)
        stmt = stmt.where(left < right if descending else left > right)
    ordering = [c.desc() for c in order] if descending else list(order)
    return stmt.order_by(*ordering).limit(first + 1)
