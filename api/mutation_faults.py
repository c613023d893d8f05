"""Several mutation fields in one document: each reports its own outcome.

Mutation fields run one after the other and each commits on its own. Were the fields non-null,
a fault in the second would null the whole `data` (hiding that the first was committed) and stop
the third. So mutation fields are nullable: a fault nulls that field alone, with an INTERNAL
error naming its path, and the fields after it still run. Whatever the faulty field had written
is rolled back first, so the next field's commit cannot carry it along (and a failed database
transaction does not fail the next field too)."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo, OperationType
from strawberry.extensions import SchemaExtension
from strawberry.types.base import StrawberryOptional

from domain.errors import DomainError


def nullable_fields(root: type) -> type:
    """Make every field of a (merged) root type nullable, leaving the classes it was merged
    from untouched."""
    definition = root.__strawberry_definition__  # type: ignore[attr-defined]
    fields = []
    for field in definition.fields:
        if isinstance(field.type, StrawberryOptional):
            fields.append(field)
            continue
        nullable = copy.copy(field)
        nullable.type = StrawberryOptional(field.type)
        fields.append(nullable)
    definition.fields = fields
    return root


class RollBackFaultyMutation(SchemaExtension):
    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        result = _next(root, info, *args, **kwargs)
        # Only root mutation fields; everything else passes straight through.
        if info.path.prev is not None or info.operation.operation != OperationType.MUTATION:
            return result
        if inspect.isawaitable(result):
            return _rolled_back_on_fault(result, info)
        return result


async def _rolled_back_on_fault(result: Any, info: GraphQLResolveInfo[Any]) -> Any:
    try:
        return await result
    except (GraphQLError, DomainError):
        raise
    except Exception:
        await info.context.uow.rollback()
        raise
