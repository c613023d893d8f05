"""Domain values from rows whose columns are named like the value's fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from domain.fields import from_fields

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    T = TypeVar("T", bound=DataclassInstance)
else:
    T = TypeVar("T")


def from_row(cls: type[T], row: Any, /, **converted: Any) -> T:
    """`cls` from the row's same-named columns; `converted` holds the fields whose column needs
    a conversion (enums, tuples) or has another name. Read through the row's mapping: a row is
    a tuple too, and a field named like a tuple method (`count`, `index`) must not find it."""
    return from_fields(cls, row._mapping, **converted)
