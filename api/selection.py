"""What the client selected under the field being resolved, and values a loader already has.

A page's list resolver loads what every row will ask its loader for (the organisations of 20
offers) in one batch before the rows are completed; each row's resolver then answers from the
loader's cache without a coroutine, so graphql-core completes the page without scheduling a
task per row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.dataloader import DataLoader

from api.context import Info

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


def _fields(selection_set: SelectionSetNode | None, fragments: Any) -> Iterable[FieldNode]:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set, fragments)


def selects(info: Info, *path: str) -> bool:
    """Whether the field being resolved selects `path` (field names, through fragments)."""
    # The document's own nodes: strawberry's `selected_fields` converts the whole selection,
    # arguments included, on every call (~40 us on a listing page).
    raw = info._raw_info
    level: list[FieldNode] = list(raw.field_nodes)
    for name in path:
        level = [
            child
            for field in level
            for child in _fields(field.selection_set, raw.fragments)
            if child.name.value == name
        ]
        if not level:
            return False
    return True


def from_loader(loader: DataLoader[K, V], key: K, convert: Callable[[V], T]) -> T:
    """`convert(loader.load(key))`, returned at once when the loader has it (the type says so
    for strawberry; graphql-core awaits the awaitable it is otherwise)."""
    future = loader.load(key)
    if (
        isinstance(future, asyncio.Future)
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    ):
        return convert(future.result())

    async def later() -> T:
        return convert(await future)

    return cast(T, later())


async def preload(loader: DataLoader[K, V], keys: Iterable[K]) -> dict[K, V]:
    """Loads `keys` in one batch now, so that rows find them in the loader's cache; returns
    them by key too. A fresh loader's batch function is called directly and its cache primed
    with the answer: the same statement, without the batch's task and futures (~55 us)."""
    unique = list(dict.fromkeys(keys))
    if not unique:
        return {}
    if not loader.cache or any(loader.cache_map.get(key) is not None for key in unique):
        found = await loader.load_many(unique)  # some are in hand or on their way already
        return dict(zip(unique, found, strict=True))
    loaded: dict[K, V] = {}
    for key, value in zip(unique, await loader.load_fn(unique), strict=True):
        if isinstance(value, BaseException):
            raise value  # what the key's load would raise (and load_many, the first one)
        loaded[key] = value
    loader.prime_many(loaded)
    return loaded
