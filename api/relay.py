"""Relay pieces: global IDs and keyset-cursor connections."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from domain.accounts import Actor
from domain.errors import FieldIssue, InvalidInput, ValidationCode

if TYPE_CHECKING:
    from api.context import Info

MAX_PAGE = 100
DEFAULT_PAGE = 20

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def _edge_cursor(root: Edge[Any]) -> str:
    return encode_cursor(root._scope, root._key)


@strawberry.type
class Edge(Generic[NodeT]):
    # Encoded when asked for: most pages never select it.
    cursor: str = strawberry.field(resolver=_edge_cursor)
    node: NodeT
    _scope: strawberry.Private[str]
    _key: strawberry.Private[list[Any]]


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True, slots=True)
class PageRequest:
    first: int
    after: list[Any] | None  # decoded keyset values of the last row seen


def invalid_input(path: tuple[str, ...], code: ValidationCode, message: str) -> InvalidInput:
    """One issue with one input field, to raise."""
    return InvalidInput([FieldIssue(path, code, message)])


def encode_cursor(scope: str, values: list[Any]) -> str:
    raw = json.dumps({"s": scope, "k": values}, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(scope: str, cursor: str) -> list[Any]:
    """A cursor is only valid for the list (and query) that produced it."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_input(
            ("after",), ValidationCode.INVALID_FORMAT, "is not a valid cursor"
        ) from None
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("k"), list):
        raise invalid_input(
            ("after",), ValidationCode.INVALID_FORMAT, "belongs to another list or query"
        )
    return list(data["k"])


def page_request(scope: str, first: int | None, after: str | None) -> PageRequest:
    size = DEFAULT_PAGE if first is None else first
    if not 1 <= size <= MAX_PAGE:
        raise invalid_input(
            ("first",), ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_PAGE}"
        )
    return PageRequest(first=size, after=decode_cursor(scope, after) if after else None)


def creation_key(row: Any) -> list[Any]:
    """The keyset every list here pages by: creation time, then id to break ties."""
    return [row.created_at.isoformat(), str(row.id)]


def build_connection(
    scope: str,
    rows: Sequence[Any],
    first: int,
    node: Callable[[Any], NodeT],
    key: Callable[[Any], list[Any]] = creation_key,
) -> Connection[NodeT]:
    """`rows` holds up to first + 1 rows; `key(row)` gives the keyset values, `node(row)` the
    GraphQL object."""
    has_next = len(rows) > first
    rows = rows[:first]
    edges = [Edge(_scope=scope, _key=key(r), node=node(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next, end_cursor=_edge_cursor(edges[-1]) if edges else None
        ),
    )


def parse_global_id(global_id: relay.GlobalID, type_name: str, path: str = "id") -> UUID:
    if global_id.type_name != type_name:
        raise invalid_input(
            (path,), ValidationCode.INVALID_FORMAT, f"is not the id of a {type_name}"
        )
    try:
        return UUID(global_id.node_id)
    except ValueError:
        raise invalid_input((path,), ValidationCode.INVALID_FORMAT, "is not a valid id") from None


def node_uuids(node_ids: Iterable[str]) -> list[UUID | None]:
    """For `resolve_nodes`: an id that is not a UUID resolves to null, not an error."""
    out: list[UUID | None] = []
    for node_id in node_ids:
        try:
            out.append(UUID(node_id))
        except ValueError:
            out.append(None)
    return out


class _Entity(Protocol):
    @property
    def id(self) -> UUID: ...


EntityT = TypeVar("EntityT", bound=_Entity)


async def resolve_by_uuid(
    node_ids: Iterable[str],
    fetch: Callable[[list[UUID]], Awaitable[Iterable[EntityT]]],
    node: Callable[[EntityT], NodeT],
) -> list[NodeT | None]:
    """`resolve_nodes` of a Relay type: one fetch (visibility is in it), answers in id order."""
    ids = node_uuids(node_ids)
    found = {e.id: e for e in await fetch([i for i in ids if i])}
    return [node(found[i]) if i in found else None for i in ids]


ReadableT_co = TypeVar("ReadableT_co", bound=_Entity, covariant=True)


class _Readable(Protocol[ReadableT_co]):
    async def get_many_readable(
        self, actor: Actor, ids: Sequence[UUID]
    ) -> Sequence[ReadableT_co]: ...


async def resolve_readable(
    info: Info,
    node_ids: Iterable[str],
    repository: _Readable[EntityT],
    node: Callable[[EntityT], NodeT],
) -> list[NodeT | None]:
    """`resolve_nodes` of a listing type: what the caller may read of it, in id order."""
    actor = await info.context.actor_or_anonymous()
    return await resolve_by_uuid(node_ids, partial(repository.get_many_readable, actor), node)
