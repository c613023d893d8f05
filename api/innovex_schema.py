"""The strawberry Schema, adjusted where its settings do not reach graphql-core."""

from __future__ import annotations

from typing import Any

import strawberry


class InnovexSchema(strawberry.Schema):
    def __init__(self, *args: Any, hide_suggestions: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hide_suggestions = hide_suggestions

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        # Variable coercion happens in graphql-core's execute ("Value 'RELEVANC' does not exist
        # in 'SearchSort' enum. Did you mean ...?"); strawberry has no setting that reaches it.
        # These keyword arguments are passed on to graphql-core's `execute`.
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        kwargs["hide_suggestions"] = self.hide_suggestions
        return kwargs
