"""Per-request DataLoaders, named <Entity>By<Key>Loader, each one statement per batch."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.repositories.accounts import SqlOrganizationRepository, SqlUserRepository
from db.repositories.attachments import SqlAttachmentRepository
from db.repositories.connections import SqlConnectionRepository
from db.repositories.listings import SqlInitiativeRepository, SqlListingRecords
from domain.accounts import Actor, Membership, Organization, User
from domain.attachments import Attachment
from domain.connections import ConnectionMessage
from domain.listings import Initiative, StatusChange, StoredVersion


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


class StatusTimelineByListingLoader(DataLoader[UUID, list[StatusChange]]):
    """Public timelines: the same for every caller."""

    def __init__(self, session: AsyncSession) -> None:
        records = SqlListingRecords(session)

        async def load(keys: Sequence[UUID]) -> list[list[StatusChange]]:
            found = await records.timelines(list(keys))
            return [found.get(k, []) for k in keys]

        super().__init__(load_fn=load)


class ListingVersionsByListingLoader(DataLoader[UUID, list[StoredVersion]]):
    """Submitted versions (receipt fields); callers guard them as confidential."""

    def __init__(self, session: AsyncSession) -> None:
        records = SqlListingRecords(session)

        async def load(keys: Sequence[UUID]) -> list[list[StoredVersion]]:
            found = await records.versions_of(list(keys))
            return [found.get(k, []) for k in keys]

        super().__init__(load_fn=load)


class AttachmentsByListingLoader(DataLoader[UUID, list[Attachment]]):
    """Attachments' metadata of each listing; callers guard it as confidential."""

    def __init__(self, session: AsyncSession) -> None:
        repo = SqlAttachmentRepository(session)

        async def load(keys: Sequence[UUID]) -> list[list[Attachment]]:
            found = await repo.of_listings(list(keys))
            return [found.get(k, []) for k in keys]

        super().__init__(load_fn=load)


class ConfidentialGrantByListingLoader(DataLoader[UUID, bool]):
    """Whether `actor` was granted confidential access to each listing (reviewer, partner)."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        records = SqlListingRecords(session)

        async def load(keys: Sequence[UUID]) -> list[bool]:
            granted = await records.confidential_grants(actor, list(keys))
            return [k in granted for k in keys]

        super().__init__(load_fn=load)


class InitiativeByIdLoader(DataLoader[UUID, Initiative | None]):
    """Initiatives `actor` may read (visibility is in the statement)."""

    def __init__(self, session: AsyncSession, actor: Actor) -> None:
        repo = SqlInitiativeRepository(session)

        async def load(keys: Sequence[UUID]) -> list[Initiative | None]:
            found = {i.id: i for i in await repo.get_many_readable(actor, list(keys))}
            return [found.get(k) for k in keys]

        super().__init__(load_fn=load)


MessagePageKey = tuple[UUID, int, str]  # connection, first, JSON of the keyset `after` (or "")


class MessagesPageByConnectionLoader(DataLoader[MessagePageKey, list[ConnectionMessage]]):
    """A page of each connection's thread: one LATERAL statement per distinct (first, after)."""

    def __init__(self, session: AsyncSession) -> None:
        repo = SqlConnectionRepository(session)

        async def load(keys: Sequence[MessagePageKey]) -> list[list[ConnectionMessage]]:
            groups: dict[tuple[int, str], list[UUID]] = defaultdict(list)
            for connection_id, first, after in keys:
                groups[(first, after)].append(connection_id)
            found: dict[MessagePageKey, list[ConnectionMessage]] = {}
            for (first, after), ids in groups.items():
                pages = await repo.messages_pages(
                    ids, after=json.loads(after) if after else None, first=first
                )
                for connection_id, page in pages.items():
                    found[(connection_id, first, after)] = page
            return [found[k] for k in keys]

        super().__init__(load_fn=load)


class Loaders:
    """Created lazily per request; later contexts add their loaders here."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.user_by_id = UserByIdLoader(session)
        self.organization_by_id = OrganizationByIdLoader(session)
        self.memberships_by_user = MembershipsByUserLoader(session)
        self.memberships_by_organization = MembershipsByOrganizationLoader(session)
        self.status_timeline_by_listing = StatusTimelineByListingLoader(session)
        self.listing_versions_by_listing = ListingVersionsByListingLoader(session)
        self.attachments_by_listing = AttachmentsByListingLoader(session)
        self.messages_page_by_connection = MessagesPageByConnectionLoader(session)
        # Loaders whose answers depend on the caller, one per actor seen in the request.
        self._by_actor: dict[tuple[str, int], DataLoader[UUID, Any]] = {}

    def _for_actor(self, name: str, actor: Actor, make: Any) -> Any:
        key = (name, id(actor))
        if key not in self._by_actor:
            self._by_actor[key] = make(self.session, actor)
        return self._by_actor[key]

    def confidential_grants(self, actor: Actor) -> ConfidentialGrantByListingLoader:
        loader: ConfidentialGrantByListingLoader = self._for_actor(
            "grants", actor, ConfidentialGrantByListingLoader
        )
        return loader

    def initiative_by_id(self, actor: Actor) -> InitiativeByIdLoader:
        loader: InitiativeByIdLoader = self._for_actor("initiative", actor, InitiativeByIdLoader)
        return loader
