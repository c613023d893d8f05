"""Per-request DataLoaders, named <Entity>By<Key>Loader, each one statement per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.repositories.accounts import SqlOrganizationRepository, SqlUserRepository
from domain.accounts import Membership, Organization, User


class UserByIdLoader(DataLoader[UUID, User | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlUserRepository(session)

        async def load(keys: Sequence[UUID]) -> list[User | None]:
            found = {u.id: u for u in await repo.get_many(list(keys))}
            return [found.get(k) for k in keys]

        super().__init__(load_fn=load)


class OrganizationByIdLoader(DataLoader[UUID, Organization | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)

        async def load(keys: Sequence[UUID]) -> list[Organization | None]:
            found = {o.id: o for o in await repo.get_many(list(keys))}
            return [found.get(k) for k in keys]

        super().__init__(load_fn=load)


class MembershipsByUserLoader(DataLoader[UUID, list[Membership]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)

        async def load(keys: Sequence[UUID]) -> list[list[Membership]]:
            grouped: dict[UUID, list[Membership]] = defaultdict(list)
            for m in await repo.memberships_of_users(list(keys)):
                grouped[m.user_id].append(m)
            return [grouped[k] for k in keys]

        super().__init__(load_fn=load)


class MembershipsByOrganizationLoader(DataLoader[UUID, list[Membership]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)

        async def load(keys: Sequence[UUID]) -> list[list[Membership]]:
            grouped: dict[UUID, list[Membership]] = defaultdict(list)
            for m in await repo.members_of(list(keys)):
                grouped[m.organization_id].append(m)
            return [grouped[k] for k in keys]

        super().__init__(load_fn=load)


class Loaders:
    """Created lazily per request; later contexts add their loaders here."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.user_by_id = UserByIdLoader(session)
        self.organization_by_id = OrganizationByIdLoader(session)
        self.memberships_by_user = MembershipsByUserLoader(session)
        self.memberships_by_organization = MembershipsByOrganizationLoader(session)
