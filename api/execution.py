"""graphql-core's execution with a short path for plain attributes of leaf type.

A listing page completes ~400 fields and most of them are an attribute copied out as a string,
a number or an enum. For each, graphql-core builds a resolve-info object, calls strawberry's
resolver, tests the result for awaitability twice and walks `complete_value`. Here a field that
strawberry itself resolves as a plain attribute (no resolver, no field extension, hence no
permission) of a scalar or enum type, or a list of those, is read and coerced directly. Anything
unusual (null on a non-null field, a value that does not coerce, an exception, a directive on
the selection) takes the general path, which then answers exactly as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    Undefined,
)
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# The resolver strawberry installs for a field it reads as `getattr(source, python_name)`.
_STRAWBERRY_BASIC_RESOLVER = "_get_basic_result"
_GENERAL = object()  # "take the general path"


@dataclass(frozen=True, slots=True)
class Leaf:
    """How to complete one plain-attribute field of leaf (or list of leaf) type."""

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    is_list: bool = False
    item_non_null: bool = False
    owner: type | None = None  # when set, only for sources of exactly this class


def _coercer(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    if isinstance(leaf, CustomGraphQLEnumType):
        # strawberry's enum output scans every value for each member; a dict is one lookup.
        try:
            names = {value.value: name for name, value in leaf.values.items()}
        except TypeError:  # unhashable values: keep strawberry's scan
            return leaf.coerce_output_value
        wrapped = leaf.wrapped_cls
        general = leaf.coerce_output_value

        def coerce_member(value: Any) -> Any:
            if isinstance(value, wrapped):
                return names[value.value]
            return general(value)

        return coerce_member
    return leaf.coerce_output_value


def _leaf_of(attribute: str, output: GraphQLOutputType) -> Leaf | None:
    non_null = isinstance(output, GraphQLNonNull)
    inner = output.of_type if isinstance(output, GraphQLNonNull) else output
    if isinstance(inner, GraphQLLeafType):
        return Leaf(attribute, _coercer(inner), non_null)
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        item_non_null = isinstance(item, GraphQLNonNull)
        item = item.of_type if isinstance(item, GraphQLNonNull) else item
        if isinstance(item, GraphQLLeafType):
            return Leaf(attribute, _coercer(item), non_null, True, item_non_null)
    return None


def _plain_attribute(field: GraphQLField) -> str | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if getattr(field.resolve, "__name__", None) != _STRAWBERRY_BASIC_RESOLVER:
        return None  # an exception handler or a future strawberry wraps it: not plain
    if definition.default_resolver is not getattr:
        return None
    return definition.python_name


def _relay_id(type_name: str, named: GraphQLObjectType) -> Leaf | None:
    """A Relay node's `id`, when strawberry's own resolver would build it: the global id of
    the type's name and its NodeID attribute."""
    field = named.fields.get("id")
    definition = named.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    origin = getattr(definition, "origin", None)
    if field is None or not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    resolver = getattr(
        field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF), "base_resolver", None
    )
    wrapped = getattr(getattr(resolver, "wrapped_func", None), "__func__", None)
    node = relay.Node
    if (
        wrapped is not node.__dict__["_id"].__func__
        or origin.resolve_id.__func__ is not node.resolve_id.__func__  # type: ignore[attr-defined]
        or origin.resolve_typename.__func__ is not node.resolve_typename.__func__  # type: ignore[attr-defined]
        or not isinstance(field.type, GraphQLNonNull)
        or not isinstance(field.type.of_type, GraphQLLeafType)
    ):
        return None
    coerce_id = field.type.of_type.coerce_output_value

    def coerce(value: Any) -> Any:
        return coerce_id(relay.GlobalID(type_name=type_name, node_id=str(value)))

    return Leaf(origin.resolve_id_attr(), coerce, non_null=True, owner=origin)


def leaf_plans(schema: GraphQLSchema) -> dict[str, dict[str, Leaf]]:
    """Object type name -> field name -> how to complete it, for every plain leaf field."""
    plans: dict[str, dict[str, Leaf]] = {}
    for name, named in schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in named.fields.items():
            attribute = _plain_attribute(field)
            leaf = _leaf_of(attribute, field.type) if attribute else None
            if leaf is not None:
                plans.setdefault(name, {})[field_name] = leaf
        node_id = _relay_id(name, named)
        if node_id is not None:
            plans.setdefault(name, {})["id"] = node_id
    return plans


def _complete(leaf: Leaf, source: Any) -> Any:
    """The completed value, or _GENERAL when the general path must decide (and report)."""
    try:
        if leaf.owner is not None and type(source) is not leaf.owner:
            return _GENERAL
        value = getattr(source, leaf.attribute)
        if value is None:
            return _GENERAL if leaf.non_null else None
        if not leaf.is_list:
            completed = leaf.coerce(value)
            return _GENERAL if completed is None or completed is Undefined else completed
        if not isinstance(value, list | tuple):
            return _GENERAL
        items: list[Any] = []
        for item in value:
            if item is None:
                if leaf.item_non_null:
                    return _GENERAL
                items.append(None)
                continue
            completed = leaf.coerce(item)
            if completed is None or completed is Undefined:
                return _GENERAL
            items.append(completed)
    except Exception:  # the general path reports it as a located field error
        return _GENERAL
    return items


def _merged(order: dict[str, Any], done: dict[str, Any], others: dict[str, Any]) -> Any:
    if not done:
        return others
    merged: dict[str, Any] = {}
    for name in order:
        if name in done:
            merged[name] = done[name]
        elif name in others:  # a field graphql-core left out (Undefined) stays out
            merged[name] = others[name]
    return merged


async def _merged_later(order: dict[str, Any], done: dict[str, Any], others: Any) -> Any:
    return _merged(order, done, await others)


class LeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Bound to one schema's plans by `execution_context_for`."""

    plans: ClassVar[dict[str, dict[str, Leaf]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A resolve-hook extension (graphql-core middleware) must see every field.
        manager = self.middleware_manager
        self.short_path = manager is None or not manager.middlewares

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: dict[str, Any],
        position_context: Any,
    ) -> Any:
        # An object's plain leaves are completed here in one loop, without the response path,
        # the per-field call and the awaitable test the general loop pays; the other fields go
        # to graphql-core's loop, and the result keeps the selection's order.
        plans = self.plans.get(parent_type.name) if self.short_path else None
        if not plans:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        done: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            leaf = plans.get(node.name.value)
            if leaf is not None and not node.directives:
                completed = _complete(leaf, source_value)
                if completed is not _GENERAL:
                    done[response_name] = completed
                    continue
            rest[response_name] = field_details_list
        if not rest:
            return done
        others: Any = super().execute_fields(
            parent_type, source_value, path, rest, position_context
        )
        if self.is_awaitable(others):
            return _merged_later(grouped_field_set, done, others)
        return _merged(grouped_field_set, done, others)


def execution_context_for(schema: GraphQLSchema) -> type[LeafExecutionContext]:
    """An execution context class holding `schema`'s plans."""
    return type("InnovexExecutionContext", (LeafExecutionContext,), {"plans": leaf_plans(schema)})
