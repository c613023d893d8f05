"""Mutations for accounts and organisations. Each returns a payload union with typed errors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from api.accounts.types import (
    Locale,
    OrganizationKind,
    OrganizationType,
    UserType,
    organization_id_of,
)
from api.context import Info
from api.errors import (
    Conflict,
    ErrorPayload,
    NotAuthenticated,
    ValidationError,
    payload,
)
from api.relay import parse_global_id
from api.throttle import Throttled, client_address
from domain.errors import Conflict as DomainConflict
from domain.errors import ConflictCode
from domain.errors import NotAuthenticated as DomainNotAuthenticated
from domain.fields import from_fields
from domain.services import accounts as uc
from domain.services import mail_accounts as mail_uc


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str
    locale: Locale = Locale.VI  # type: ignore[valid-type]


@strawberry.type(
    description="The answer to every well-formed sign-up, whether the email was free or already "
    "had an account, so that signUp does not tell which emails have accounts. Sign in next."
)
class SignedUp:
    email: str = strawberry.field(description="The email as it is stored (trimmed, lower case).")
    message: str


SignUpResult = Annotated[SignedUp | ValidationError | Throttled, strawberry.union("SignUpResult")]


@strawberry.input
class SignInInput:
    email: str
    password: str


@strawberry.type
class SignedIn:
    token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime
    user: UserType


SignInResult = Annotated[SignedIn | NotAuthenticated | Throttled, strawberry.union("SignInResult")]


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
class RemoveMemberInput:
    organization_id: relay.GlobalID
    user_id: relay.GlobalID


@strawberry.type
class MemberRemoved:
    organization: OrganizationType


RemoveMemberResult = Annotated[MemberRemoved | ErrorPayload, strawberry.union("RemoveMemberResult")]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation
    @payload
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpResult:
        ctx = info.context
        throttled = await ctx.deps.password_throttle.attempt(
            client_address(ctx.request), uc.normalise_email(input.email)
        )
        if throttled is not None:
            return throttled
        cmd = from_fields(uc.SignUp, input)
        try:
            await uc.sign_up(
                ctx.uow,
                ctx.deps.password_hasher,
                cmd,
                on_created=lambda user: mail_uc.send_verification(
                    ctx.uow,
                    user,
                    now=ctx.now(),
                    links=mail_uc.MailLinks(public_url=ctx.deps.public_url),
                ),
            )
        except DomainConflict as taken:
            # A taken email answers like a free one: sign-up must not reveal accounts.
            if taken.code is not ConflictCode.EMAIL_TAKEN:
                raise
            await ctx.uow.rollback()
        return SignedUp(
            email=uc.normalise_email(input.email),
            message="If this email had no account, it has one now: sign in with it.",
        )

    @strawberry.mutation
    @payload
    async def sign_in(self, info: Info, input: SignInInput) -> SignInResult:
        ctx = info.context
        account = uc.normalise_email(input.email)
        throttled = await ctx.deps.password_throttle.attempt(client_address(ctx.request), account)
        if throttled is not None:
            return throttled
        try:
            issued = await uc.sign_in(
                ctx.uow,
                ctx.deps.password_hasher,
                email=input.email,
                password=input.password,
                now=ctx.now(),
                ttl=ctx.deps.token_ttl,
            )
        except DomainNotAuthenticated:
            await ctx.deps.password_throttle.failed(account)
            raise
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
        await uc.sign_out(ctx.uow, token=ctx.bearer_token, now=ctx.now())
        return SignedOut(ok=True)

    @strawberry.mutation
    @payload
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationResult:
        ctx = info.context
        cmd = from_fields(uc.CreateOrganization, input)
        org = await ctx.act(uc.create_organization, cmd)
        ctx.forget_actor()  # the caller is now its owner
        return OrganizationCreated(organization=OrganizationType.from_domain(org))

    @strawberry.mutation
    @payload
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberResult:
        ctx = info.context
        org_id = organization_id_of(input.organization_id)
        user_id = parse_global_id(input.user_id, "User", "userId")
        await ctx.act(uc.remove_member, organization_id=org_id, user_id=user_id)
        org = await ctx.uow.organizations.get(org_id)
        assert org is not None
        return MemberRemoved(organization=OrganizationType.from_domain(org))
