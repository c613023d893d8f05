"""GraphQL type of technology needs and challenges."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import strawberry
from strawberry import relay

from api.context import Info
from api.listings.types.listing_fields import (
    attachments_field,
    contact_field,
    organization_field,
    science_field,
    timeline_field,
)
from api.listings.types.shared import (
    NeedAwardType,
    NeedKind,
    NeedStatus,
    ProvenanceType,
    Vnd,
    listing_provenance,
    need_award,
    vnd,
)
from api.relay import resolve_readable
from domain import listings as domain
from domain.fields import from_fields


@strawberry.type(name="Need", description="A technology need or challenge (bài toán).")
class NeedType(relay.Node):
    id: relay.NodeID[str]
    kind: NeedKind  # type: ignore[valid-type]
    title: str
    problem_statement: str | None
    desired_outcome: str | None
    constraints: str | None
    min_trl: int | None
    budget_min_vnd: Vnd | None
    budget_max_vnd: Vnd | None
    deadline: date | None
    province_code: str | None
    field_code: str | None
    keywords: list[str]
    prize_vnd: Vnd | None
    order_commitment: str | None
    status: NeedStatus  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.Need]

    @classmethod
    def from_domain(cls, n: domain.Need) -> NeedType:
        c = n.content
        return from_fields(
            cls,
            c,
            n,
            id=str(n.id),
            budget_min_vnd=vnd(c.budget_min_vnd),
            budget_max_vnd=vnd(c.budget_max_vnd),
            keywords=list(c.keywords),
            prize_vnd=vnd(c.prize_vnd),
            _entity=n,
        )

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    contact = contact_field()
    field = science_field()
    organization = organization_field()
    status_timeline = timeline_field()

    @strawberry.field(description="Null for local listings; set for another exchange's.")
    async def provenance(self, info: Info) -> ProvenanceType | None:
        return await listing_provenance(info, self._entity.id)

    @strawberry.field(description="Who won, once the need is awarded.")
    async def award(self, info: Info) -> NeedAwardType | None:
        return await need_award(info, self._entity.id)

    attachments = attachments_field()

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[NeedType | None]:
        return await resolve_readable(info, node_ids, info.context.uow.needs, cls.from_domain)
