"""Mutations of investment funds' profiles."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import organization_id_of
from api.context import Info
from api.errors import ErrorPayload, payload
from api.listings.types.funds import FundProfileType
from api.listings.types.shared import Vnd
from domain import listings as domain
from domain.fields import from_fields
from domain.services import listings as uc


@strawberry.input
class UpsertFundProfileInput:
    organization_id: relay.GlobalID
    thesis: str
    field_codes: list[str] = strawberry.field(default_factory=list)
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_vnd: Vnd | None = None
    ticket_max_vnd: Vnd | None = None
    province_codes: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class FundProfileSaved:
    fund_profile: FundProfileType
    created: bool


UpsertFundProfileResult = Annotated[
    FundProfileSaved | ErrorPayload, strawberry.union("UpsertFundProfileResult")
]


@strawberry.type
class FundsMutation:
    @strawberry.mutation(description="Create or replace a fund organisation's investment thesis.")
    @payload
    async def upsert_fund_profile(
        self, info: Info, input: UpsertFundProfileInput
    ) -> UpsertFundProfileResult:
        thesis = from_fields(
            domain.FundThesis,
            input,
            field_codes=tuple(input.field_codes),
            province_codes=tuple(input.province_codes),
        )
        saved = await info.context.act(
            uc.upsert_fund_profile,
            organization_id=organization_id_of(input.organization_id),
            content=thesis,
        )
        return FundProfileSaved(
            fund_profile=FundProfileType.from_domain(saved.profile), created=saved.created
        )
