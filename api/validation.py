"""Document validation with a cache and, in production, without name suggestions.

strawberry's ValidationCache calls graphql-core's `validate` without `hide_suggestions`, and its
`disable_field_suggestions` only strips "Cannot query field" suggestions: unknown arguments,
types, input fields and enum values would still say "Did you mean ...?", telling a stranger the
schema that introspection is turned off to hide."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, validate
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

CACHE_SIZE = 512


@lru_cache(maxsize=CACHE_SIZE)
def _validate(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    hide_suggestions: bool,
) -> list[GraphQLError]:
    # strawberry's own rules, as its validate_document adds them.
    every_rule = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
    return validate(schema, document, every_rule, hide_suggestions=hide_suggestions)


class CachedValidation(SchemaExtension):
    """Replaces strawberry's ValidationCache: the same module-level LRU cache across requests
    (keyed by schema, parsed document, rules and the suggestion switch)."""

    def __init__(self, *, hide_suggestions: bool) -> None:
        super().__init__()
        self.hide_suggestions = hide_suggestions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = list(
            _validate(
                context.schema._schema,
                context.graphql_document,
                tuple(context.validation_rules),
                self.hide_suggestions,
            )
        )
        yield
