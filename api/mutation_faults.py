"""Several mutation fields in one document: each reports its own outcome.

Mutation fields run one after the other and each commits on its own. Were the fields non-null,
a fault in the second would null the whole `data` (hiding that the first was committed) and stop
the third. So mutation fields are nullable: a fault nulls that field alone, with an INTERNAL
error naming its path, and the fields after it still run. Whatever the faulty field had written
is rolled back first, so the next field's commit cannot carry it along (and a failed database
transaction does not fail the next field too)."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.base import StrawberryOptional

from domain.errors import DomainError


def nullable_fields(root: type) -> type:
    """Make every field of a (merged) root type nullable and roll back its writes on a fault,
    leaving the classes it was merged from untouched."""
    definition = root.__strawberry_definition__  # type: ignore[attr-defined]
    fields = []
    for field in definition.fields:
        changed = copy.copy(field)
        if not isinstance(field.type, StrawberryOptional):
            changed.type = StrawberryOptional(field.type)
        changed.extensions = [*field.extensions, RollBackOnFault()]
        fields.append(changed)
    definition.fields = fields
    return root


class RollBackOnFault(FieldExtension):
    """On root mutation fields only. (A schema extension's `resolve` would run as graphql-core
    middleware around every field of every operation: ~375 calls on a search page for nothing.)"""

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except (GraphQLError, DomainError):
            raise
        except Exception:
            await info.context.uow.rollback()
            raise
