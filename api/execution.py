"""graphql-core's execution with a short path for plain attributes.

A listing page completes ~400 fields and most of them are an attribute copied out as a string,
a number or an enum. For each, graphql-core builds a resolve-info object, calls strawberry's
resolver, tests the result for awaitability twice and walks `complete_value`. Here a field that
strawberry itself resolves as a plain attribute (no resolver, no field extension, hence no
permission) is completed directly: a scalar or enum (or a list of those) is read and coerced
(`Leaf`); an object of exactly the declared class (or a list of them: a connection's edges, an
edge's node) has its own selection run at once (`Child`), as may a resolver field whose parent
holds its value already (`prefetched`). Anything unusual (null on a non-null field, a value
that does not coerce or is of another class, an exception, a directive on the selection, a
deferred fragment) takes the general path, which then answers exactly as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from graphql import (
    GraphQLField,
    GraphQLID,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    Undefined,
)
from graphql.pyutils import Path, gather_with_cancel
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.types.cast import get_strawberry_type_cast
from strawberry.types.field import StrawberryField

# The resolver strawberry installs for a field it reads as `getattr(source, python_name)`.
_STRAWBERRY_BASIC_RESOLVER = "_get_basic_result"
_GENERAL = object()  # "take the general path"
# A resolver field may name the attribute where its parent holds the value once a page fetched
# it ahead (`strawberry.field(resolver=..., metadata=prefetched("_attribute"))`): a parent that
# holds it has the field completed as a plain object field, one that does not runs the
# resolver. Only for fields without extensions: no permission is ever skipped.
PREFETCHED: Final = "innovex.prefetched"


def prefetched(attribute: str) -> dict[str, str]:
    return {PREFETCHED: attribute}


@dataclass(frozen=True, slots=True)
class Leaf:
    """How to complete one plain-attribute field of leaf (or list of leaf) type."""

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    is_list: bool = False
    item_non_null: bool = False
    owner: type | None = None  # when set, only for sources of exactly this class


@dataclass(frozen=True, slots=True)
class Child:
    """How to complete one plain-attribute field of object type, or of a list of objects."""

    attribute: str
    output: GraphQLOutputType  # the field's type, for its errors
    item: GraphQLOutputType  # a list's item type (the output itself otherwise)
    object_type: GraphQLObjectType
    # When the type has strawberry's is_type_of: it holds for values of exactly this class.
    origin: type | None
    non_null: bool
    is_list: bool
    prefetched: bool = False  # a missing value is the resolver's to find

    def takes(self, value: Any) -> bool:
        if value is None or isinstance(value, Exception):
            return False
        origin = self.origin
        return origin is None or (type(value) is origin and get_strawberry_type_cast(value) is None)


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


def _child_of(attribute: str, output: GraphQLOutputType, prefetched: bool = False) -> Child | None:
    non_null = isinstance(output, GraphQLNonNull)
    inner = output.of_type if isinstance(output, GraphQLNonNull) else output
    item: GraphQLOutputType = output
    is_list = isinstance(inner, GraphQLList)
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        inner = item.of_type if isinstance(item, GraphQLNonNull) else item
    if not isinstance(inner, GraphQLObjectType):
        return None
    origin = None
    if inner.is_type_of is not None:
        definition = inner.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        origin = getattr(definition, "origin", None)
        # A hand-written is_type_of may read the resolve-info: the general path calls it.
        if getattr(definition, "is_type_of", None) is not None or not isinstance(origin, type):
            return None
    return Child(attribute, output, item, inner, origin, non_null, is_list, prefetched)


def _plain_attribute(field: GraphQLField) -> str | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if getattr(field.resolve, "__name__", None) != _STRAWBERRY_BASIC_RESOLVER:
        return None  # an exception handler or a future strawberry wraps it: not plain
    if definition.default_resolver is not getattr:
        return None
    return definition.python_name


def _prefetched_attribute(field: GraphQLField) -> str | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.metadata:
        return None
    if definition.extensions or definition.permission_classes:
        return None
    attribute = definition.metadata.get(PREFETCHED)
    return attribute if isinstance(attribute, str) else None


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
        or field.type.of_type is not GraphQLID  # whose output of a GlobalID is its str()
    ):
        return None

    def coerce(value: Any) -> Any:
        # What the ID scalar makes of relay.GlobalID(type_name, str(value)): its str().
        return relay.to_base64(type_name, str(value))

    return Leaf(origin.resolve_id_attr(), coerce, non_null=True, owner=origin)


def leaf_plans(schema: GraphQLSchema) -> dict[str, dict[str, Leaf | Child]]:
    """Object type name -> field name -> how to complete it, for every plain field."""
    plans: dict[str, dict[str, Leaf | Child]] = {}
    for name, named in schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in named.fields.items():
            plan: Leaf | Child | None = None
            if (attribute := _plain_attribute(field)) is not None:
                plan = _leaf_of(attribute, field.type) or _child_of(attribute, field.type)
            elif (attribute := _prefetched_attribute(field)) is not None:
                plan = _child_of(attribute, field.type, prefetched=True)
            if plan is not None:
                plans.setdefault(name, {})[field_name] = plan
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


class LeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Bound to one schema's plans by `execution_context_for`."""

    plans: ClassVar[dict[str, dict[str, Leaf | Child]]] = {}

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
        # graphql-core's loop over an object's fields, with the plain ones completed here:
        # leaves without the response path, the per-field call and the awaitable test;
        # objects without a resolve-info and the resolver call. Results keep the selection's
        # order, and fields run in it, so errors come in the general path's order too.
        plans = self.plans.get(parent_type.name) if self.short_path else None
        if not plans:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                plan = None if node.directives else plans.get(node.name.value)
                if type(plan) is Leaf:
                    completed = _complete(plan, source_value)
                    if completed is not _GENERAL:
                        results[response_name] = completed
                        continue
                field_path = Path(path, response_name, parent_type.name)
                result: Any = _GENERAL
                if type(plan) is Child:
                    result = self._complete_child(
                        plan, source_value, field_details_list, field_path, position_context
                    )
                if result is _GENERAL:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        field_path,
                        position_context,
                    )
                    if result is Undefined:
                        continue
                results[response_name] = result
                if self.is_awaitable(result):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:  # settled, as their own errors must still be seen
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return _gathered(results, awaitable_fields)

    def _complete_child(
        self,
        child: Child,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        """The field's completed value (maybe awaitable), or _GENERAL when the general path
        must decide: a null, a value of another class, @defer or @stream, a deferred scope."""
        if position_context is not None or any(d.node.directives for d in field_details_list):
            return _GENERAL
        try:
            value = getattr(source, child.attribute)
        except Exception:
            return _GENERAL
        if value is None:
            return _GENERAL if child.non_null or child.prefetched else None
        if child.is_list and not isinstance(value, list | tuple):
            return _GENERAL
        items = value if child.is_list else (value,)
        if not all(child.takes(item) for item in items):
            return _GENERAL
        grouped, defers, _ = self.collect_subfields(child.object_type, field_details_list)
        if defers:
            return _GENERAL
        try:
            if child.is_list:
                completed = self._complete_items(child, items, grouped, field_details_list, path)
            else:
                completed = self.execute_fields(child.object_type, value, path, grouped, None)
        except Exception as error:  # raised again when the field is non-null
            self.handle_field_error(error, child.output, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._caught(completed, child.output, field_details_list, path)
        return completed

    def _complete_items(
        self, child: Child, items: Any, grouped: Any, field_details_list: Any, path: Any
    ) -> Any:
        """A list of objects, item by item as graphql-core's complete_iterable_value."""
        completed_items: list[Any] = []
        awaitable: list[int] = []
        try:
            for index, item in enumerate(items):
                item_path = Path(path, index, None)
                try:
                    completed = self.execute_fields(
                        child.object_type, item, item_path, grouped, None
                    )
                except Exception as error:
                    self.handle_field_error(error, child.item, field_details_list, item_path)
                    completed = None
                if self.is_awaitable(completed):
                    completed = self._caught(completed, child.item, field_details_list, item_path)
                    awaitable.append(index)
                completed_items.append(completed)
        except Exception:
            if awaitable:
                self.settle_in_background([completed_items[i] for i in awaitable])
            raise
        if not awaitable:
            return completed_items
        return _gathered(completed_items, awaitable)

    async def _caught(self, completed: Any, output: Any, field_details_list: Any, path: Any) -> Any:
        try:
            return await completed
        except Exception as error:
            self.handle_field_error(error, output, field_details_list, path)
            return None


async def _gathered(results: Any, keys: list[Any]) -> Any:
    """`results` with its awaitables at `keys` awaited together (a DataLoader batches them)."""
    if len(keys) == 1:
        results[keys[0]] = await results[keys[0]]
    else:
        for key, value in zip(
            keys, await gather_with_cancel(*(results[k] for k in keys)), strict=True
        ):
            results[key] = value
    return results


def execution_context_for(schema: GraphQLSchema) -> type[LeafExecutionContext]:
    """An execution context class holding `schema`'s plans."""
    return type("InnovexExecutionContext", (LeafExecutionContext,), {"plans": leaf_plans(schema)})
