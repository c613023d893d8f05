"""Refuse text PostgreSQL cannot store before anything runs.

PostgreSQL `text` holds neither NUL (U+0000) nor unpaired UTF-16 surrogates (U+D800-U+DFFF,
which JSON can carry as `\\ud800` escapes but UTF-8 cannot encode). Checked field by field, each
such value would reach the database driver and fail there as an unexpected error, possibly
after other fields of the same document had written. So every string of the request, in the
variables and in the document's literals, is checked once after validation: one offending
value refuses the whole operation as a request error, before any resolver runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    Node,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from api.per_document import PerDocument
from domain.errors import FieldIssue, InvalidInput, ValidationCode

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Enough to show the caller the pattern without building an unbounded error list.
MAX_REPORTED = 10
MESSAGE = "Text may not contain NUL characters or unpaired surrogates"
ISSUE = "contains a NUL character or an unpaired surrogate, which cannot be stored"


def is_unstorable(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def unstorable_variables(variables: dict[str, Any] | None) -> list[tuple[str, ...]]:
    """Paths (from "variables") of the strings that cannot be stored; iterative, so a deeply
    nested value cannot exhaust the stack."""
    found: list[tuple[str, ...]] = []
    stack: list[tuple[tuple[str, ...], Any]] = [(("variables",), variables or {})]
    while stack and len(found) < MAX_REPORTED:
        path, value = stack.pop()
        if isinstance(value, str):
            if is_unstorable(value):
                found.append(path)
        elif isinstance(value, dict):
            stack.extend(((*path, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, str(i)), v) for i, v in reversed(list(enumerate(value))))
    return found


class _LiteralFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[tuple[str, ...], StringValueNode]] = []

    def enter_string_value(
        self, node: StringValueNode, key: Any, parent: Any, path: Any, ancestors: Any
    ) -> None:
        if len(self.found) < MAX_REPORTED and is_unstorable(node.value):
            # graphql-core leaves the direct parent out of `ancestors`.
            self.found.append((tuple(_names([*ancestors, parent], path)), node))


def _names(ancestors: list[Any], path: list[Any]) -> Iterator[str]:
    """Response names, argument and input field names and list indexes leading to a literal."""
    nodes = [a for a in ancestors if isinstance(a, Node)]
    for node in nodes:
        if isinstance(node, FieldNode):
            yield (node.alias or node.name).value
        elif isinstance(node, ArgumentNode | ObjectFieldNode):
            yield node.name.value
        elif isinstance(node, VariableDefinitionNode):
            yield node.variable.name.value
    # The last key of `path` is the literal's index when it sits directly in a list.
    if path and isinstance(path[-1], int):
        yield str(path[-1])


def _walk_literals(document: DocumentNode) -> tuple[tuple[tuple[str, ...], StringValueNode], ...]:
    finder = _LiteralFinder()
    visit(document, finder)
    return tuple(finder.found)


# A page asked again is the same parsed document: its literals are walked once.
_LITERALS: PerDocument[tuple[tuple[tuple[str, ...], StringValueNode], ...]] = PerDocument(512)


def unstorable_literals(
    document: DocumentNode,
) -> tuple[tuple[tuple[str, ...], StringValueNode], ...]:
    return _LITERALS.get(document, _walk_literals)


def unstorable_text_error(
    document: DocumentNode | None, variables: dict[str, Any] | None
) -> GraphQLError | None:
    literals = unstorable_literals(document) if document is not None else ()
    paths = [path for path, _ in literals] + unstorable_variables(variables)
    if not paths:
        return None
    issues = [FieldIssue(path, ValidationCode.INVALID_FORMAT, ISSUE) for path in paths]
    where = ", ".join(".".join(path) for path in paths)
    return GraphQLError(
        f"{MESSAGE} ({where}).",
        nodes=[node for _, node in literals] or None,
        # Formatted like every other invalid input by the error-masking extension.
        original_error=InvalidInput(issues),
    )


class RejectUnstorableText(SchemaExtension):
    """Runs in the validation step, after the document's own validation (list it after the
    validation cache): a valid document whose text cannot be stored is refused there, so the
    operation never executes."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Validation errors come first; a document that is not valid is refused for those.
        if not context.pre_execution_errors:
            error = unstorable_text_error(context.graphql_document, context.variables)
            if error is not None:
                context.pre_execution_errors = [error]
        yield
