"""What the listing use-case tests share: an operator, a complete initiative, and fresh
in-memory worlds holding an organisation and a member acting for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TypeVar
from uuid import uuid4

from domain.accounts import Actor, Organization, OrganizationKind, PlatformRole
from domain.listings import CoAuthor, InitiativeContent
from tests.unit.listings_fakes import T0, FakeListingsUnitOfWork, FakeSigner, member

L = TypeVar("L")


STAFF = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))


COMPLETE_INITIATIVE = InitiativeContent(
    title="Máy lọc nước mặn",
    summary="Lọc nước mặn bằng năng lượng mặt trời",
    description="Mô tả chi tiết",
    problem="Thiếu nước ngọt",
    solution="Màng lọc",
    advantages="Rẻ",
    field_code="2",
    keywords=("nước", " Nước ", "lọc"),
    trl=5,
    co_authors=(CoAuthor("Nguyễn Văn A", Decimal(60)), CoAuthor("Trần Thị B", Decimal(40))),
)


def _world() -> tuple[FakeListingsUnitOfWork, FakeSigner]:
    return FakeListingsUnitOfWork(), FakeSigner()


def _with_member(
    *kind: OrganizationKind,
) -> tuple[FakeListingsUnitOfWork, FakeSigner, Organization, Actor]:
    """A fresh world holding one organisation, and a member acting for it."""
    uow, signer = _world()
    org = uow.organizations.put(*kind)
    return uow, signer, org, member(org)


async def _create(
    create: Callable[..., Awaitable[L]],
    uow: FakeListingsUnitOfWork,
    actor: Actor,
    org: Organization,
    content: object,
) -> L:
    """A listing created by `actor` for `org` at T0."""
    return await create(uow, actor, organization_id=org.id, content=content, now=T0)
