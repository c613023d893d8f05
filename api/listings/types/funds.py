"""GraphQL type of investment funds' profiles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import OrganizationType
from api.context import Info
from api.listings.types.shared import (
    StFieldType,
    Vnd,
    organization,
    vnd,
)
from api.relay import resolve_by_uuid
from domain import listings as domain
from domain.fields import from_fields


@strawberry.type(name="FundProfile", description="An investment fund's public thesis.")
class FundProfileType(relay.Node):
    id: relay.NodeID[str]
    thesis: str
    field_codes: list[str]
    trl_min: int | None
    trl_max: int | None
    ticket_min_vnd: Vnd | None
    ticket_max_vnd: Vnd | None
    province_codes: list[str]
    created_at: datetime
    updated_at: datetime
    _organization_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, f: domain.FundProfile) -> FundProfileType:
        c = f.content
        return from_fields(
            cls,
            c,
            f,
            id=str(f.id),
            field_codes=list(c.field_codes),
            ticket_min_vnd=vnd(c.ticket_min_vnd),
            ticket_max_vnd=vnd(c.ticket_max_vnd),
            province_codes=list(c.province_codes),
            _organization_id=f.organization_id,
        )

    @strawberry.field
    def fields(self) -> list[StFieldType]:
        return [f for f in (StFieldType.of(c) for c in self.field_codes) if f is not None]

    @strawberry.field
    def organization(self, info: Info) -> OrganizationType:
        return organization(info, self._organization_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[FundProfileType | None]:
        return await resolve_by_uuid(node_ids, info.context.uow.funds.get_many, cls.from_domain)
