"""Inputs every listing aggregate's mutations share."""

from __future__ import annotations

import strawberry
from strawberry import relay


@strawberry.input
class ListingIdInput:
    id: relay.GlobalID


@strawberry.input
class ListingReasonInput:
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Public.")
