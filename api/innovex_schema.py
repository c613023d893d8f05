"""The strawberry Schema, adjusted where its settings do not reach graphql-core."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from api.execution import execution_context_for
from api.request_id import current_request_id
from domain.errors import DomainError

logger = logging.getLogger("innovex.api")


def is_fault(error: GraphQLError) -> bool:
    """An exception that is neither a GraphQL error (syntax, validation, coercion) nor an
    expected domain error: a bug or an outage, masked and logged with its traceback."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | DomainError)


class InnovexSchema(strawberry.Schema):
    def __init__(self, *args: Any, hide_suggestions: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hide_suggestions = hide_suggestions
        if "execution_context_class" not in kwargs:
            self.execution_context_class = execution_context_for(self._schema)

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        # Variable coercion happens in graphql-core's execute ("Value 'RELEVANC' does not exist
        # in 'SearchSort' enum. Did you mean ...?"); strawberry has no setting that reaches it.
        # These keyword arguments are passed on to graphql-core's `execute`.
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        kwargs["hide_suggestions"] = self.hide_suggestions
        return kwargs

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # strawberry logs every error at ERROR with a traceback, client mistakes included. Here
        # those are INFO lines; faults are logged once, at ERROR with the traceback and the
        # request id, where they are masked (InnovexMaskErrors in api/schema.py).
        for error in errors:
            if is_fault(error):
                continue
            original = error.original_error
            logger.info(
                "client error",
                extra={
                    "error": error.message,
                    "code": type(original).__name__.upper()
                    if isinstance(original, DomainError)
                    else None,
                    "path": error.path,
                    "request_id": current_request_id(),
                },
            )
