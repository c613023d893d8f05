"""Typed factories: build users and organisations through the real use cases and repositories."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.uow import SqlUnitOfWork
from domain.accounts import (
    Actor,
    Locale,
    MemberRole,
    Organization,
    OrganizationKind,
    PlatformRole,
    User,
)
from domain.services import accounts as uc

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class SignedInUser:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_user(
    session: AsyncSession,
    *,
    email: str | None = None,
    display_name: str = "Nguyễn Văn An",
    roles: frozenset[PlatformRole] = frozenset(),
    password: str = PASSWORD,
    token_ttl: timedelta = timedelta(days=1),
) -> SignedInUser:
    from tests.conftest import FAST_HASHER

    uow = SqlUnitOfWork(session)
    user = await uc.sign_up(
        uow,
        FAST_HASHER,
        uc.SignUp(
            email=email or f"user{next(_seq)}@example.vn",
            password=password,
            display_name=display_name,
            locale=Locale.VI,
        ),
    )
    if roles:
        await uow.users.set_roles(user.id, roles)
        await uow.commit()
        user = (await uow.users.get(user.id)) or user
    issued = await uc.sign_in(
        uow, FAST_HASHER, email=user.email, password=password, now=datetime.now(UTC), ttl=token_ttl
    )
    return SignedInUser(user=user, token=issued.token)


async def make_organization(
    session: AsyncSession,
    owner: User,
    *,
    name: str | None = None,
    kind: OrganizationKind = OrganizationKind.UNIVERSITY,
    province_code: str | None = "ha-noi",
) -> Organization:
    uow = SqlUnitOfWork(session)
    actor = Actor(user_id=owner.id)
    return await uc.create_organization(
        uow,
        actor,
        uc.CreateOrganization(
            name=name or f"Viện Nghiên cứu số {next(_seq)}", kind=kind, province_code=province_code
        ),
    )


async def add_member(
    session: AsyncSession,
    organization: Organization,
    user: User,
    role: MemberRole = MemberRole.MEMBER,
) -> None:
    uow = SqlUnitOfWork(session)
    await uow.organizations.add_member(organization.id, user.id, role)
    await uow.commit()
