"""Values computed once per parsed document, keyed by the document object itself.

strawberry's parser cache hands out the same DocumentNode for the same query text, so a page
asked again is the same object. Hashing a DocumentNode walks its whole tree (~50 µs for a
listing page), which an `lru_cache` keyed by it pays on every request; identity costs nothing.
A weak reference guards against an identity reused after the parser cache dropped a document.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from graphql import DocumentNode

V = TypeVar("V")


class PerDocument(Generic[V]):
    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._values: OrderedDict[int, tuple[weakref.ref[DocumentNode], V]] = OrderedDict()

    def get(self, document: DocumentNode, compute: Callable[[DocumentNode], V]) -> V:
        key = id(document)
        found = self._values.get(key)
        if found is not None and found[0]() is document:
            self._values.move_to_end(key)
            return found[1]
        value = compute(document)
        self._values[key] = (weakref.ref(document), value)
        self._values.move_to_end(key)
        while len(self._values) > self._maxsize:
            self._values.popitem(last=False)
        return value
