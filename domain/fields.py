"""Copying a dataclass's fields by name, between the layers that spell them the same.

Database rows, GraphQL inputs, seed files and domain values share field names on purpose; these
two functions keep the field lists in one place (the dataclass) instead of in every mapper, so
that a new field is not forgotten in one of them. Only fields whose value needs converting
(an enum, a tuple, a nested value) are named at the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from functools import cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    T = TypeVar("T", bound=DataclassInstance)
else:
    T = TypeVar("T")

_MISSING = object()


def _getter(source: object) -> Any:
    """`name -> value or _MISSING` for one source; decided once per source, not per field
    (the Mapping check is an ABC check, a listing page's most called function)."""
    if isinstance(source, Mapping):
        return partial(source.get)
    return partial(getattr, source)


@cache
def _init_names(cls: type) -> tuple[tuple[str, ...], frozenset[str]]:
    # A class's fields never change; `dataclasses.fields` rebuilt the list for every value (a
    # listing page builds hundreds).
    names = tuple(f.name for f in fields(cls) if f.init)
    return names, frozenset(names)


def from_fields(cls: type[T], /, *sources: object, **given: Any) -> T:
    """`cls(...)` with each field taken from `given`, else from the first of `sources` (objects
    or mappings) that has it by the same name; a field no source has keeps its default (or
    fails as a missing argument). A name in `given` that is no field of `cls` is a mistake and
    raises."""
    names, known = _init_names(cls)
    if given:
        unknown = given.keys() - known
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    lookups = [_getter(source) for source in sources]
    values: dict[str, Any] = {}
    for name in names:
        if name in given:
            values[name] = given[name]
            continue
        for lookup in lookups:
            value = lookup(name, _MISSING)
            if value is not _MISSING:
                values[name] = value
                break
    return cls(**values)


def field_values(
    value: DataclassInstance, /, *, omit: Iterable[str] = (), **given: Any
) -> dict[str, Any]:
    """The fields of `value` by name (not recursing into nested values, unlike `asdict`),
    without `omit`, with `given` replacing converted ones."""
    skipped = set(omit)
    values = {f.name: getattr(value, f.name) for f in fields(value) if f.name not in skipped}
    unknown = set(given) - set(values)
    if unknown:
        raise TypeError(f"{type(value).__name__} has no field {', '.join(sorted(unknown))}")
    return values | given
