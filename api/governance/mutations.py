"""Mutations of platform roles and reviewer profiles. Each returns a payload union."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import PlatformRole, UserType
from api.context import Info
from api.errors import ErrorPayload, payload
from api.governance.types import PlatformRoleChanged, ReviewerProfileType
from api.relay import parse_global_id
from domain.reviewer_pool import ProfileInput
from domain.services import reviewers as pool
from domain.services import roles as uc


@strawberry.input
class PlatformRoleInput:
    user_id: relay.GlobalID
    role: PlatformRole  # type: ignore[valid-type]
    province_code: str | None = strawberry.field(
        default=None,
        description="OPERATOR and OBSERVER only: limit (or, on revoke, unlimit) the role to "
        "this province. Omitted: central on grant, everywhere on revoke.",
    )


PlatformRoleResult = Annotated[
    PlatformRoleChanged | ErrorPayload, strawberry.union("PlatformRoleResult")
]


@strawberry.input
class SaveReviewerProfileInput:
    user_id: relay.GlobalID
    field_codes: list[str]
    affiliation_id: relay.GlobalID | None = None
    declared_interest_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    languages: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class ReviewerProfileSaved:
    profile: ReviewerProfileType


SaveReviewerProfileResult = Annotated[
    ReviewerProfileSaved | ErrorPayload, strawberry.union("SaveReviewerProfileResult")
]


def _change(input: PlatformRoleInput) -> uc.RoleChange:
    return uc.RoleChange(
        role=input.role,
        user_id=parse_global_id(input.user_id, "User", "userId"),
        province_code=input.province_code,
    )


def _changed(grant: uc.RoleGrant) -> PlatformRoleChanged:
    return PlatformRoleChanged(
        user=UserType.from_domain(grant.user),
        role=grant.role,
        province_codes=sorted(grant.provinces),
        held=grant.role in grant.user.roles,
    )


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(
        description="Admins grant any platform role; operators grant REVIEWER only."
    )
    @payload
    async def grant_platform_role(self, info: Info, input: PlatformRoleInput) -> PlatformRoleResult:
        ctx = info.context
        grant = await uc.grant_platform_role(ctx.uow, await ctx.actor(), _change(input))
        ctx.forget_actor()
        return _changed(grant)

    @strawberry.mutation(
        description="Admins revoke any platform role; operators revoke REVIEWER only."
    )
    @payload
    async def revoke_platform_role(
        self, info: Info, input: PlatformRoleInput
    ) -> PlatformRoleResult:
        ctx = info.context
        grant = await uc.revoke_platform_role(ctx.uow, await ctx.actor(), _change(input))
        ctx.forget_actor()
        return _changed(grant)

    @strawberry.mutation(
        description="A reviewer's fields of expertise, affiliation, declared interests and "
        "languages; kept by the reviewer or an operator."
    )
    @payload
    async def save_reviewer_profile(
        self, info: Info, input: SaveReviewerProfileInput
    ) -> SaveReviewerProfileResult:
        ctx = info.context
        user_id = parse_global_id(input.user_id, "User", "userId")
        data = ProfileInput(
            field_codes=input.field_codes,
            affiliation_id=parse_global_id(input.affiliation_id, "Organization", "affiliationId")
            if input.affiliation_id
            else None,
            declared_interest_ids=[
                parse_global_id(i, "Organization", "declaredInterestIds")
                for i in input.declared_interest_ids
            ],
            languages=input.languages,
        )
        await pool.save_reviewer_profile(ctx.uow, await ctx.actor(), user_id, data)
        [member] = await ctx.uow.reviewer_pool.members([user_id])
        return ReviewerProfileSaved(profile=ReviewerProfileType.from_domain(member))
