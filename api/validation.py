"""Document validation with a cache and, in production, without name suggestions.

strawberry's ValidationCache calls graphql-core's `validate` without `hide_suggestions`, and its
`disable_field_suggestions` only strips "Cannot query field" suggestions: unknown arguments,
types, input fields and enum values would still say "Did you mean ...?", telling a stranger the
schema that introspection is turned off to hide."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, GraphQLError, GraphQLSchema, validate
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from api.per_document import PerDocument

CACHE_SIZE = 512


Rules = tuple[type[ASTValidationRule], ...]
# Per parsed document (by identity, see api/per_document.py), then per schema, rules and switch.
_RESULTS: PerDocument[dict[tuple[GraphQLSchema, Rules, bool], list[GraphQLError]]] = PerDocument(
    CACHE_SIZE
)


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: Rules, hide_suggestions: bool
) -> list[GraphQLError]:
    results = _RESULTS.get(document, lambda _: {})
    key = (schema, rules, hide_suggestions)
    if key not in results:
        # strawberry's own rules, as its validate_document adds them.
        every_rule = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
        results[key] = validate(schema, document, every_rule, hide_suggestions=hide_suggestions)
    return results[key]


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
