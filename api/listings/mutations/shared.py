"""Inputs and steps every listing aggregate's mutations share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import strawberry
from strawberry import relay

from api.accounts.types import organization_id_of
from api.context import Info

T = TypeVar("T")


class Identified(Protocol):
    """Any input that names its listing by `id`."""

    @property
    def id(self) -> relay.GlobalID: ...


@strawberry.input
class ListingIdInput:
    id: relay.GlobalID


@strawberry.input
class ListingReasonInput:
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Public.")


async def create_listing(info: Info, create: Callable[..., Awaitable[T]], input: Any) -> T:
    """Every listing is created alike: for an organisation, from its content input."""
    ctx = info.context
    return await ctx.act(
        create,
        organization_id=organization_id_of(input.organization_id),
        content=input.content.to_domain(),
        now=ctx.now(),
    )
