"""At most one password-hashing field per GraphQL document.

signIn and signUp each run argon2 (tens of milliseconds of CPU, on purpose). Aliases would let
one request run it 30 times and bypass any per-request limit, so a document may hold one of
them; a second is a validation error and nothing runs.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationContext, ValidationRule

EXPENSIVE_MUTATIONS = frozenset({"signIn", "signUp"})


class OneExpensiveFieldPerDocument(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self._seen = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        parent = self.context.get_parent_type()
        schema_mutation = self.context.schema.mutation_type
        if parent is None or parent is not schema_mutation:
            return
        if node.name.value not in EXPENSIVE_MUTATIONS:
            return
        self._seen += 1
        if self._seen == 2:  # one error per document, at the second field
            self.report_error(
                GraphQLError(
                    "A document may contain at most one signIn or signUp field.",
                    node,
                    extensions={"code": "TOO_MANY_EXPENSIVE_FIELDS"},
                )
            )
