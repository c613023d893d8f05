"""GraphQL type of technology offers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from api.context import Info
from api.listings.types.initiatives import InitiativeType
from api.listings.types.listing_fields import (
    attachments_field,
    contact_field,
    organization_field,
    receipts_field,
    science_field,
    timeline_field,
)
from api.listings.types.shared import (
    IpStatus,
    OfferStatus,
    ProvenanceType,
    TransferMode,
    Vnd,
    listing_provenance,
    vnd,
)
from api.permissions import CanReadConfidential, confidential
from api.relay import resolve_readable
from domain import listings as domain
from domain.fields import from_fields


@strawberry.type(name="TechnologyOffer")
class TechnologyOfferType(relay.Node):
    id: relay.NodeID[str]
    title: str
    summary: str | None
    trl: int | None
    ip_status: IpStatus  # type: ignore[valid-type]
    ip_number: str | None
    field_code: str | None
    keywords: list[str]
    transfer_modes: list[TransferMode]  # type: ignore[valid-type]
    terms: str | None
    price_min_vnd: Vnd | None
    price_max_vnd: Vnd | None
    province_code: str | None
    status: OfferStatus  # type: ignore[valid-type]
    revision: int
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.TechnologyOffer]

    @classmethod
    def from_domain(cls, o: domain.TechnologyOffer) -> TechnologyOfferType:
        c = o.content
        return from_fields(
            cls,
            c,
            o,
            id=str(o.id),
            keywords=list(c.keywords),
            transfer_modes=list(c.transfer_modes),
            price_min_vnd=vnd(c.price_min_vnd),
            price_max_vnd=vnd(c.price_max_vnd),
            _entity=o,
        )

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def description(self) -> str | None:
        return self._entity.content.description

    contact = contact_field()
    field = science_field()
    organization = organization_field()

    @strawberry.field(description="The initiative this offer comes from, if the caller may see it.")
    async def initiative(self, info: Info) -> InitiativeType | None:
        initiative_id = self._entity.content.initiative_id
        if initiative_id is None:
            return None
        actor = await info.context.actor_or_anonymous()
        found = await info.context.loaders.initiative_by_id(actor).load(initiative_id)
        return InitiativeType.from_domain(found) if found else None

    @strawberry.field(description="Null for local listings; set for another exchange's.")
    async def provenance(self, info: Info) -> ProvenanceType | None:
        return await listing_provenance(info, self._entity.id)

    status_timeline = timeline_field()
    attachments = attachments_field()
    receipts = receipts_field()

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[TechnologyOfferType | None]:
        return await resolve_readable(info, node_ids, info.context.uow.offers, cls.from_domain)
