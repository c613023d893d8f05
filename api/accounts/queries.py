"""Queries for accounts and organisations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.accounts.types import OrganizationKind, OrganizationType, UserType
from api.context import Info
from api.errors import NotAuthenticated
from api.relay import Connection, build_connection, page_request
from domain import errors as domain_errors

MeResult = Annotated[UserType | NotAuthenticated, strawberry.union("MeResult")]


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in user, or NotAuthenticated.")
    async def me(self, info: Info) -> MeResult:
        try:
            actor = await info.context.actor()
        except domain_errors.NotAuthenticated as error:
            return NotAuthenticated(message=error.message, code=error.code)
        if actor.user_id is None:
            return NotAuthenticated(
                message="Sign in first.", code=domain_errors.AuthErrorCode.TOKEN_MISSING
            )
        user = await info.context.loaders.user_by_id.load(actor.user_id)
        assert user is not None
        return UserType.from_domain(user)

    @strawberry.field(description="Organisations, oldest first; filter by kind or province.")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: OrganizationKind | None = None,  # type: ignore[valid-type]
        province_code: str | None = None,
        verified: bool | None = None,
    ) -> Connection[OrganizationType]:
        scope = f"organizations:{kind}:{province_code}:{verified}"
        page = page_request(scope, first, after)
        found = await info.context.uow.organizations.list_page(
            after=page.after,
            first=page.first,
            kind=kind,
            province_code=province_code,
            verified=verified,
        )
        return build_connection(
            scope,
            found,
            page.first,
            node=OrganizationType.from_domain,
        )
