"""GraphQL types of initiatives and their co-authors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import Locale, UserType, user_of
from api.context import Info
from api.listings.types.listing_fields import (
    attachments_field,
    organization_field,
    receipts_field,
    science_field,
    timeline_field,
)
from api.listings.types.shared import (
    InitiativeStatus,
    IpStatus,
)
from api.permissions import CanReadConfidential, confidential
from api.relay import resolve_readable
from domain import listings as domain
from domain.fields import from_fields


@strawberry.type(name="CoAuthor")
class CoAuthorType:
    name: str
    affiliation: str | None
    share_percent: Decimal
    _user_id: strawberry.Private[UUID | None]

    @strawberry.field
    async def user(self, info: Info) -> UserType | None:
        return await user_of(info, self._user_id)


@strawberry.type(name="Initiative")
class InitiativeType(relay.Node):
    id: relay.NodeID[str]
    title: str
    summary: str | None
    problem: str | None
    advantages: str | None
    field_code: str | None
    keywords: list[str]
    trl: int | None
    ip_status: IpStatus  # type: ignore[valid-type]
    ip_number: str | None
    target_users: str | None
    expected_impact: str | None
    province_code: str | None
    language: Locale  # type: ignore[valid-type]
    status: InitiativeStatus  # type: ignore[valid-type]
    revision: int = strawberry.field(description="How many times it was (re)submitted.")
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    _entity: strawberry.Private[domain.Initiative]

    @classmethod
    def from_domain(cls, i: domain.Initiative) -> InitiativeType:
        c = i.content
        return from_fields(cls, c, i, id=str(i.id), keywords=list(c.keywords), _entity=i)

    @property
    def listing_ref(self) -> domain.ListingRef:
        return self._entity.ref

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def description(self) -> str | None:
        return self._entity.content.description

    @strawberry.field(extensions=confidential(CanReadConfidential))
    def solution(self) -> str | None:
        return self._entity.content.solution

    field = science_field()

    @strawberry.field
    def co_authors(self) -> list[CoAuthorType]:
        return [
            CoAuthorType(
                name=a.name,
                affiliation=a.affiliation,
                share_percent=a.share_percent,
                _user_id=a.user_id,
            )
            for a in self._entity.content.co_authors
        ]

    organization = organization_field()
    status_timeline = timeline_field("Public: state, time and reason of every step.")
    attachments = attachments_field()
    receipts = receipts_field()

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[InitiativeType | None]:
        initiatives = info.context.uow.initiatives
        return await resolve_readable(info, node_ids, initiatives, cls.from_domain)
