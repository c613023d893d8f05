"""Per-request DataLoaders, named <Entity>By<Key>Loader, each one statement per batch.

`Loaders` is the only place they are made: one of each per request (per caller where the
answer depends on who asks), created on first use.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.federation.inbound import provenance_of
from db.repositories.accounts import SqlOrganizationRepository, SqlUserRepository
from db.repositories.attachments import SqlAttachmentRepository
from db.repositories.awards import SqlNeedAwardRepository
from db.repositories.connections import SqlConnectionRepository, SqlDealRepository, SqlListingLookup
from db.repositories.listings import SqlInitiativeRepository, SqlListingRecords
from db.repositories.review import SqlReviewRepository
from domain.accounts import Actor, Membership, Organization, User
from domain.attachments import Attachment
from domain.awards import NeedAward
from domain.connections import ConnectionMessage
from domain.deals import Deal
from domain.exchange_ports import ListingSummary
from domain.federation.inbound import Provenance
from domain.listings import Initiative, StatusChange, StoredVersion
from domain.review import ReviewAssignment, ReviewDecision, ScoreSheet

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Fetch = Callable[[list[K]], Awaitable[Iterable[V]]]
LoadFn = Callable[[Sequence[K]], Awaitable[list[V]]]


def one_each(fetch: Fetch[K, V], key: Callable[[V], K]) -> LoadFn[K, V | None]:
    """Load functions for rows found at most once per key (None where missing)."""

    async def load(keys: Sequence[K]) -> list[V | None]:
        found = {key(row): row for row in await fetch(list(keys))}
        return [found.get(k) for k in keys]

    return load


def all_each(fetch: Fetch[K, V], key: Callable[[V], K]) -> LoadFn[K, list[V]]:
    """Load functions for rows grouped by key, in the order the statement returns them."""

    async def load(keys: Sequence[K]) -> list[list[V]]:
        grouped: dict[K, list[V]] = defaultdict(list)
        for row in await fetch(list(keys)):
            grouped[key(row)].append(row)
        return [grouped[k] for k in keys]

    return load


def listed_each(fetch: Callable[[list[K]], Awaitable[Mapping[K, list[V]]]]) -> LoadFn[K, list[V]]:
    """Load functions for repositories that already group their rows by key."""

    async def load(keys: Sequence[K]) -> list[list[V]]:
        found = await fetch(list(keys))
        return [found.get(k, []) for k in keys]

    return load


class UserByIdLoader(DataLoader[UUID, User | None]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=one_each(SqlUserRepository(session).get_many, lambda u: u.id))


class OrganizationByIdLoader(DataLoader[UUID, Organization | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)
        super().__init__(load_fn=one_each(repo.get_many, lambda o: o.id))


class MembershipsByUserLoader(DataLoader[UUID, list[Membership]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)
        super().__init__(load_fn=all_each(repo.memberships_of_users, lambda m: m.user_id))


class MembershipsByOrganizationLoader(DataLoader[UUID, list[Membership]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlOrganizationRepository(session)
        super().__init__(load_fn=all_each(repo.members_of, lambda m: m.organization_id))


class StatusTimelineByListingLoader(DataLoader[UUID, list[StatusChange]]):
    """Public timelines: the same for every caller."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=listed_each(SqlListingRecords(session).timelines))


class ListingVersionsByListingLoader(DataLoader[UUID, list[StoredVersion]]):
    """Submitted versions (receipt fields); callers guard them as confidential."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=listed_each(SqlListingRecords(session).versions_of))


class AttachmentsByListingLoader(DataLoader[UUID, list[Attachment]]):
    """Attachments' metadata of each listing; callers guard it as confidential."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(load_fn=listed_each(SqlAttachmentRepository(session).of_listings))


class ListingSummaryByIdLoader(DataLoader[UUID, ListingSummary | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlListingLookup(session)
        super().__init__(load_fn=one_each(repo.summaries, lambda s: s.id))


class DealByConnectionLoader(DataLoader[UUID, Deal | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlDealRepository(session)
        super().__init__(load_fn=one_each(repo.of_connections, lambda d: d.connection_id))


class NeedAwardByNeedLoader(DataLoader[UUID, NeedAward | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlNeedAwardRepository(session)
        super().__init__(load_fn=one_each(repo.of_needs, lambda a: a.need_id))


class ProvenanceByListingLoader(DataLoader[UUID, Provenance | None]):
    """Where each listing came from, when another exchange pushed it (public)."""

    def __init__(self, session: AsyncSession) -> None:
        async def load(keys: Sequence[UUID]) -> list[Provenance | None]:
            found = await provenance_of(session, list(keys))
            return [found.get(k) for k in keys]

        super().__init__(load_fn=load)


class ScoreSheetByAssignmentLoader(DataLoader[UUID, ScoreSheet | None]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlReviewRepository(session)
        super().__init__(load_fn=one_each(repo.scores_of, lambda s: s.assignment_id))


class AssignmentsByInitiativeLoader(DataLoader[UUID, list[ReviewAssignment]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlReviewRepository(session)
        super().__init__(
            load_fn=all_each(repo.assignments_of_initiatives, lambda a: a.initiative_id)
        )


class DecisionsByInitiativeLoader(DataLoader[UUID, list[ReviewDecision]]):
    def __init__(self, session: AsyncSession) -> None:
        repo = SqlReviewRepository(session)
        super().__init__(load_fn=all_each(repo.decisions_of, lambda d: d.initiative_id))


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

        async def readable(ids: list[UUID]) -> list[Initiative]:
            return await repo.get_many_readable(actor, ids)

        super().__init__(load_fn=one_each(readable, lambda i: i.id))


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
    """One of each loader per request, made on first use."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # Loaders whose answers depend on the caller, one per actor seen in the request.
        self._grants: dict[int, ConfidentialGrantByListingLoader] = {}
        self._initiatives: dict[int, InitiativeByIdLoader] = {}

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self.session)

    @cached_property
    def organization_by_id(self) -> OrganizationByIdLoader:
        return OrganizationByIdLoader(self.session)

    @cached_property
    def memberships_by_user(self) -> MembershipsByUserLoader:
        return MembershipsByUserLoader(self.session)

    @cached_property
    def memberships_by_organization(self) -> MembershipsByOrganizationLoader:
        return MembershipsByOrganizationLoader(self.session)

    @cached_property
    def status_timeline_by_listing(self) -> StatusTimelineByListingLoader:
        return StatusTimelineByListingLoader(self.session)

    @cached_property
    def listing_versions_by_listing(self) -> ListingVersionsByListingLoader:
        return ListingVersionsByListingLoader(self.session)

    @cached_property
    def attachments_by_listing(self) -> AttachmentsByListingLoader:
        return AttachmentsByListingLoader(self.session)

    @cached_property
    def messages_page_by_connection(self) -> MessagesPageByConnectionLoader:
        return MessagesPageByConnectionLoader(self.session)

    @cached_property
    def listing_summary_by_id(self) -> ListingSummaryByIdLoader:
        return ListingSummaryByIdLoader(self.session)

    @cached_property
    def deal_by_connection(self) -> DealByConnectionLoader:
        return DealByConnectionLoader(self.session)

    @cached_property
    def need_award_by_need(self) -> NeedAwardByNeedLoader:
        return NeedAwardByNeedLoader(self.session)

    @cached_property
    def provenance_by_listing(self) -> ProvenanceByListingLoader:
        return ProvenanceByListingLoader(self.session)

    @cached_property
    def score_sheet_by_assignment(self) -> ScoreSheetByAssignmentLoader:
        return ScoreSheetByAssignmentLoader(self.session)

    @cached_property
    def assignments_by_initiative(self) -> AssignmentsByInitiativeLoader:
        return AssignmentsByInitiativeLoader(self.session)

    @cached_property
    def decisions_by_initiative(self) -> DecisionsByInitiativeLoader:
        return DecisionsByInitiativeLoader(self.session)

    def confidential_grants(self, actor: Actor) -> ConfidentialGrantByListingLoader:
        if id(actor) not in self._grants:
            self._grants[id(actor)] = ConfidentialGrantByListingLoader(self.session, actor)
        return self._grants[id(actor)]

    def initiative_by_id(self, actor: Actor) -> InitiativeByIdLoader:
        if id(actor) not in self._initiatives:
            self._initiatives[id(actor)] = InitiativeByIdLoader(self.session, actor)
        return self._initiatives[id(actor)]
