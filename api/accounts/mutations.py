"""Mutations for accounts and organisations. Each returns a payload union with typed errors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import (
    Locale,
    MemberRole,
    MembershipType,
    OrganizationKind,
    OrganizationType,
    UserType,
)
from api.context import Info
from api.errors import (
    Conflict,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    ValidationError,
    payload,
)
from api.relay import parse_global_id
from domain.services import accounts as uc


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str
    locale: Locale = Locale.VI  # type: ignore[valid-type]


@strawberry.type
class SignedUp:
    user: UserType


SignUpResult = Annotated[SignedUp | ValidationError | Conflict, strawberry.union("SignUpResult")]


@strawberry.input
class SignInInput:
    email: str
    password: str


@strawberry.type
class SignedIn:
    token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime
    user: UserType


SignInResult = Annotated[SignedIn | NotAuthenticated, strawberry.union("SignInResult")]


@strawberry.type
class SignedOut:
    ok: bool


SignOutResult = Annotated[SignedOut | NotAuthenticated, strawberry.union("SignOutResult")]


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: OrganizationKind  # type: ignore[valid-type]
    province_code: str | None = None
    registry_code: str | None = None


@strawberry.type
class OrganizationCreated:
    organization: OrganizationType


CreateOrganizationResult = Annotated[
    OrganizationCreated | ValidationError | NotAuthenticated | Conflict,
    strawberry.union("CreateOrganizationResult"),
]


@strawberry.input
class AddMemberInput:
    organization_id: relay.GlobalID
    email: str
    role: MemberRole = MemberRole.MEMBER  # type: ignore[valid-type]


@strawberry.type
class MemberAdded:
    membership: MembershipType


AddMemberResult = Annotated[
    MemberAdded | ValidationError | NotAuthenticated | NotAllowed | NotFound | Conflict,
    strawberry.union("AddMemberResult"),
]


@strawberry.input
class RemoveMemberInput:
    organization_id: relay.GlobalID
    user_id: relay.GlobalID


@strawberry.type
class MemberRemoved:
    organization: OrganizationType


RemoveMemberResult = Annotated[
    MemberRemoved | ValidationError | NotAuthenticated | NotAllowed | NotFound | Conflict,
    strawberry.union("RemoveMemberResult"),
]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation
    @payload
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpResult:
        ctx = info.context
        cmd = uc.SignUp(
            email=input.email,
            password=input.password,
            display_name=input.display_name,
            locale=input.locale,
        )
        return SignedUp(
            user=UserType.from_domain(await uc.sign_up(ctx.uow, ctx.deps.password_hasher, cmd))
        )

    @strawberry.mutation
    @payload
    async def sign_in(self, info: Info, input: SignInInput) -> SignInResult:
        ctx = info.context
        issued = await uc.sign_in(
            ctx.uow,
            ctx.deps.password_hasher,
            email=input.email,
            password=input.password,
            now=ctx.deps.clock.now(),
            ttl=ctx.deps.token_ttl,
        )
        return SignedIn(
            token=issued.token,
            expires_at=issued.expires_at,
            user=UserType.from_domain(issued.user),
        )

    @strawberry.mutation(description="Revoke the bearer token this request was sent with.")
    @payload
    async def sign_out(self, info: Info) -> SignOutResult:
        ctx = info.context
        await ctx.actor()
        await uc.sign_out(ctx.uow, token=ctx.bearer_token, now=ctx.deps.clock.now())
        return SignedOut(ok=True)

    @strawberry.mutation
    @payload
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationResult:
        ctx = info.context
        cmd = uc.CreateOrganization(
            name=input.name,
            kind=input.kind,
            province_code=input.province_code,
            registry_code=input.registry_code,
        )
        org = await uc.create_organization(ctx.uow, await ctx.actor(), cmd)
        ctx.forget_actor()  # the caller is now its owner
        return OrganizationCreated(organization=OrganizationType.from_domain(org))

    @strawberry.mutation
    @payload
    async def add_member(self, info: Info, input: AddMemberInput) -> AddMemberResult:
        ctx = info.context
        org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
        membership = await uc.add_member(
            ctx.uow,
            await ctx.actor(),
            organization_id=org_id,
            email=input.email,
            role=input.role,
        )
        return MemberAdded(membership=MembershipType.from_domain(membership))

    @strawberry.mutation
    @payload
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberResult:
        ctx = info.context
        org_id = parse_global_id(input.organization_id, "Organization", "organizationId")
        user_id = parse_global_id(input.user_id, "User", "userId")
        await uc.remove_member(ctx.uow, await ctx.actor(), organization_id=org_id, user_id=user_id)
        org = await ctx.uow.organizations.get(org_id)
        assert org is not None
        return MemberRemoved(organization=OrganizationType.from_domain(org))
