"""Use case for a fund's investment thesis."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts import Actor, OrganizationKind
from domain.errors import (
    FieldIssue,
    InvalidInput,
    NotAllowed,
    NotAllowedCode,
    ValidationCode,
)
from domain.listings import (
    FundProfile,
    FundThesis,
    ListingKind,
)
from domain.services.accounts import existing_organization, require_user
from domain.services.listings.content import clean_fund_thesis
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import record_change

# --- fund profiles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FundProfileSaved:
    profile: FundProfile
    created: bool


async def upsert_fund_profile(
    uow: ListingsUnitOfWork, actor: Actor, *, organization_id: UUID, content: FundThesis
) -> FundProfileSaved:
    require_user(actor)
    org = await existing_organization(uow, organization_id)
    if not (actor.manages(organization_id) or actor.is_staff):
        raise NotAllowed(
            NotAllowedCode.NOT_THE_OWNER,
            "Only the fund's owners and admins may change its investment thesis.",
        )
    if org.kind is not OrganizationKind.FUND:
        raise InvalidInput(
            [
                FieldIssue(
                    ("organizationId",),
                    ValidationCode.INVALID_CHOICE,
                    "is not an investment fund",
                )
            ]
        )
    cleaned = clean_fund_thesis(content)
    existed = await uow.funds.get_by_organization(organization_id) is not None
    profile = await uow.funds.upsert(organization_id, cleaned)
    await record_change(
        uow,
        actor,
        kind=ListingKind.FUND,
        listing_id=profile.id,
        action="updated" if existed else "created",
        data={"organization_id": str(organization_id)},
    )
    await uow.commit()
    return FundProfileSaved(profile, created=not existed)
