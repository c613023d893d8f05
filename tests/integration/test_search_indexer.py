"""The search indexer on a real database: what gets indexed, what never does, and when a
listing leaves the index."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.tables import outbox
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, Locale, MemberRole, Organization, OrganizationKind
from domain.events import Consumer, EntityKind, ListingChanged
from domain.listings import (
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    Need,
    NeedContent,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
    TransferMode,
)
from domain.search import DocumentKind, SearchDocument, SearchQuery
from domain.services import listings as lc
from search.documents import listing_document, organization_document
from search.indexer import changes_for, search_handler
from search.meilisearch import MeilisearchIndex
from search.postgres import PostgresSearchIndex
from tests.factories import make_initiative, make_need, make_offer, make_organization, make_user
from tests.unit.meilisearch_support import FakeMeilisearch, client_on

SECRET = "MẬT-4f9c-confidential"

CONFIDENTIAL = {
    "description": f"{SECRET} mô tả chi tiết",
    "solution": f"{SECRET} giải pháp",
    "contact_name": f"{SECRET} Nguyễn",
    "contact_email": "mat-4f9c@example.vn",
    "contact_phone": "+84 4f9c 0000",
}
# The contact fields of offers and needs, each holding the secret.
CONTACT = {k: CONFIDENTIAL[k] for k in ("contact_name", "contact_email", "contact_phone")}
SECRET_VALUES = (SECRET, "mat-4f9c@example.vn", "+84 4f9c 0000")


def assert_no_secret(blob: str) -> None:
    for value in SECRET_VALUES:
        assert value not in blob


@pytest.fixture
def index(sessions: async_sessionmaker[AsyncSession]) -> PostgresSearchIndex:
    return PostgresSearchIndex(sessions)


async def drain(session: AsyncSession, index: PostgresSearchIndex) -> int:
    """Hand the search consumer's pending events to the handler, as the worker does. (The
    OutboxDrainer itself is tested on real commits: inside one test transaction `now()` never
    moves, so its readiness check would never see a fresh event.)"""
    rows = (
        await session.execute(
            select(outbox.c.id, outbox.c.payload).where(outbox.c.consumer == Consumer.SEARCH.value)
        )
    ).all()
    events = [
        ListingChanged(EntityKind(r.payload["kind"]), UUID(r.payload["entity_id"])) for r in rows
    ]
    await search_handler(index)(session, events)
    await session.execute(delete(outbox).where(outbox.c.id.in_([r.id for r in rows])))
    return len(rows)


async def verified_organization(
    session: AsyncSession, **changes: object
) -> tuple[Actor, Organization]:
    owner = await make_user(session)
    organization = await make_organization(session, owner.user, **changes)  # type: ignore[arg-type]
    organization = await SqlUnitOfWork(session).organizations.set_verified(organization.id, True)
    await session.commit()
    actor = Actor(
        email_verified=True, user_id=owner.user.id, memberships={organization.id: MemberRole.OWNER}
    )
    return actor, organization


async def stored_rows(session: AsyncSession) -> list[str]:
    rows = await session.execute(text("SELECT to_jsonb(d)::text FROM search_documents d"))
    return [row[0] for row in rows]


# -- the builder ----------------------------------------------------------------------------


def test_builder_never_reads_a_confidential_field() -> None:
    now = datetime(2025, 9, 1, tzinfo=UTC)
    organization = Organization(
        uuid4(), "Viện Cơ điện", OrganizationKind.RESEARCH_INSTITUTE, "ha-noi", None, True, now
    )
    initiative = Initiative(
        id=uuid4(),
        organization_id=organization.id,
        created_by=None,
        content=InitiativeContent(
            title="Máy gieo hạt",
            summary="Gieo đều",
            description=CONFIDENTIAL["description"],
            problem="Thiếu nhân công",
            solution=CONFIDENTIAL["solution"],
            advantages="Rẻ",
            keywords=("gieo hạt",),
            ip_status=IpStatus.GRANTED,
            language=Locale.VI,
        ),
        status=InitiativeStatus.PUBLISHED,
        revision=1,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
    offer = TechnologyOffer(
        id=uuid4(),
        organization_id=organization.id,
        created_by=None,
        content=OfferContent(
            title="Máy sấy",
            description=CONFIDENTIAL["description"],
            transfer_modes=(TransferMode.LICENCE,),
            **CONTACT,
        ),
        status=OfferStatus.LISTED,
        revision=1,
        expires_at=None,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
    need = Need(
        id=uuid4(),
        organization_id=organization.id,
        created_by=None,
        content=NeedContent(
            title="Cần cảm biến mặn",
            problem_statement="Độ mặn tăng",
            **CONTACT,
        ),
        status=NeedStatus.OPEN,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )

    documents = [listing_document(item, organization) for item in (initiative, offer, need)]
    documents.append(organization_document(organization))

    assert all(isinstance(d, SearchDocument) for d in documents)
    assert_no_secret(json.dumps([asdict(d) for d in documents if d], default=str))
    assert [d.kind for d in documents if d] == [
        DocumentKind.INITIATIVE,
        DocumentKind.OFFER,
        DocumentKind.NEED,
        DocumentKind.ORGANIZATION,
    ]


def test_listings_outside_their_public_states_have_no_document() -> None:
    now = datetime(2025, 9, 1, tzinfo=UTC)
    for status in (OfferStatus.DRAFT, OfferStatus.PENDING_APPROVAL, OfferStatus.WITHDRAWN):
        offer = TechnologyOffer(
            uuid4(), uuid4(), None, OfferContent(title="x"), status, 0, None, now, now, now
        )
        assert listing_document(offer, None) is None
    for istatus in (InitiativeStatus.DRAFT, InitiativeStatus.REJECTED, InitiativeStatus.WITHDRAWN):
        initiative = Initiative(
            uuid4(), uuid4(), None, InitiativeContent(title="x"), istatus, 0, now, now, now
        )
        assert listing_document(initiative, None) is None
    draft_need = Need(
        uuid4(), uuid4(), None, NeedContent(title="x"), NeedStatus.DRAFT, now, now, now
    )
    assert listing_document(draft_need, None) is None


# -- the indexer on the database ----------------------------------------------------------


@pytest.fixture
async def secret_catalogue(session: AsyncSession) -> AsyncIterator[dict[str, UUID]]:
    """A verified organisation with one public listing of each kind, every confidential field
    holding the secret, and a review note holding it too."""
    actor, organization = await verified_organization(session, name="Viện Cơ điện Nông nghiệp")
    owner_user = await make_user(session)
    await SqlUnitOfWork(session).organizations.add_member(
        organization.id, owner_user.user.id, MemberRole.MEMBER
    )
    await session.commit()
    initiative = await make_initiative(
        session,
        owner_user.user,
        organization,
        status=InitiativeStatus.PUBLISHED,
        title="Máy gieo hạt lúa chính xác",
        description=CONFIDENTIAL["description"],
        solution=CONFIDENTIAL["solution"],
    )
    offer = await make_offer(
        session,
        owner_user.user,
        organization,
        status=OfferStatus.LISTED,
        title="Công nghệ sấy lạnh thanh long",
        description=CONFIDENTIAL["description"],
        **CONTACT,
    )
    need = await make_need(
        session,
        owner_user.user,
        organization,
        status=NeedStatus.OPEN,
        title="Cần cảm biến đo độ mặn",
        **CONTACT,
    )
    await add_review_note(session, initiative.id, actor)
    return {"initiative": initiative.id, "offer": offer.id, "need": need.id, "org": organization.id}


async def add_review_note(session: AsyncSession, initiative_id: UUID, actor: Actor) -> None:
    """A reviewer's scores and comments on the initiative (confidential review notes)."""
    from db import tables

    if not hasattr(tables, "review_scores"):  # pragma: no cover - review tables not there yet
        return
    reviewer = await make_user(session)
    assignment_id = await session.scalar(
        tables.review_assignments.insert()
        .values(
            initiative_id=initiative_id,
            round=1,
            reviewer_id=reviewer.user.id,
            assigned_by=actor.user_id,
        )
        .returning(tables.review_assignments.c.id)
    )
    await session.execute(
        tables.review_scores.insert().values(
            assignment_id=assignment_id,
            novelty=4,
            feasibility=4,
            impact=4,
            commercial_potential=4,
            comments=f"{SECRET} nhận xét của phản biện",
            recommendation="accept",
            submitted_at=datetime.now(UTC),
        )
    )
    await session.commit()


async def test_no_confidential_field_reaches_the_documents_or_the_table(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    index: PostgresSearchIndex,
    secret_catalogue: dict[str, UUID],
) -> None:
    events = [
        ListingChanged(EntityKind.INITIATIVE, secret_catalogue["initiative"]),
        ListingChanged(EntityKind.OFFER, secret_catalogue["offer"]),
        ListingChanged(EntityKind.NEED, secret_catalogue["need"]),
        ListingChanged(EntityKind.ORGANIZATION, secret_catalogue["org"]),
    ]

    changes = await changes_for(session, events)
    await drain(session, index)

    assert {d.kind for d in changes.upserts} == set(DocumentKind)
    assert_no_secret(json.dumps([asdict(d) for d in changes.upserts], default=str))
    rows = await stored_rows(session)
    assert len(rows) == 4
    assert_no_secret("\n".join(rows))
    assert (await index.search(SearchQuery(SECRET))).total == 0
    assert (await index.search(SearchQuery("may gieo hat"))).total == 1


async def test_no_confidential_field_reaches_meilisearch(
    session: AsyncSession, secret_catalogue: dict[str, UUID]
) -> None:
    fake = FakeMeilisearch(indexes={"listings": "id"})
    client = client_on(fake)
    meili = MeilisearchIndex(client=client, task_poll_interval_ms=1)
    events = [
        ListingChanged(EntityKind.INITIATIVE, secret_catalogue["initiative"]),
        ListingChanged(EntityKind.OFFER, secret_catalogue["offer"]),
        ListingChanged(EntityKind.NEED, secret_catalogue["need"]),
        ListingChanged(EntityKind.ORGANIZATION, secret_catalogue["org"]),
    ]
    try:
        await search_handler(meili)(session, events)
    finally:
        await client.aclose()

    [call] = fake.only("POST /indexes/listings/documents?primaryKey=id")
    assert len(call.body) == 4
    assert_no_secret(json.dumps([c.body for c in fake.calls], ensure_ascii=False))


async def test_listings_are_indexed_when_public_and_removed_when_they_leave(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    index: PostgresSearchIndex,
) -> None:
    await session.execute(delete(outbox))
    _actor, organization = await verified_organization(session, name="Công ty Nông Cơ")
    owner = await make_user(session)
    await SqlUnitOfWork(session).organizations.add_member(
        organization.id, owner.user.id, MemberRole.MEMBER
    )
    await session.commit()
    draft = await make_offer(session, owner.user, organization, title="Máy bóc vỏ hạt điều")
    listed = await make_offer(
        session, owner.user, organization, status=OfferStatus.LISTED, title="Máy tách hạt điều"
    )

    await drain(session, index)
    found = await index.search(SearchQuery("hạt điều"))
    assert [hit.id for hit in found.hits] == [f"offer:{listed.id}"]

    member = Actor(
        email_verified=True, user_id=owner.user.id, memberships={organization.id: MemberRole.MEMBER}
    )
    await lc.withdraw_offer(
        SqlUnitOfWork(session), member, offer_id=listed.id, reason=None, now=datetime.now(UTC)
    )
    await drain(session, index)

    assert (await index.search(SearchQuery("hạt điều"))).total == 0
    assert draft.status is OfferStatus.DRAFT
    org_hits = await index.search(SearchQuery("Nông Cơ"))
    assert [hit.id for hit in org_hits.hits] == [f"organization:{organization.id}"]


async def test_handling_the_same_events_twice_changes_nothing(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    index: PostgresSearchIndex,
    secret_catalogue: dict[str, UUID],
) -> None:
    events = [
        ListingChanged(EntityKind.OFFER, secret_catalogue["offer"]),
        ListingChanged(EntityKind.NEED, uuid4()),  # never existed: nothing to delete
    ]
    handler = search_handler(index)

    await handler(session, events)
    first = sorted(await stored_rows(session))
    await handler(session, events)

    assert sorted(await stored_rows(session)) == first
    assert await index.count() == 1


async def test_renaming_an_organisation_reaches_its_listings(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    index: PostgresSearchIndex,
    secret_catalogue: dict[str, UUID],
) -> None:
    handler = search_handler(index)
    await handler(session, [ListingChanged(EntityKind.OFFER, secret_catalogue["offer"])])
    await session.execute(
        text("UPDATE organizations SET name = 'Trung tâm Ứng dụng Tiến bộ' WHERE id = :id"),
        {"id": secret_catalogue["org"]},
    )

    await handler(session, [ListingChanged(EntityKind.ORGANIZATION, secret_catalogue["org"])])

    names = await session.execute(
        select(text("organization_name")).select_from(text("search_documents"))
    )
    assert {row[0] for row in names} == {"Trung tâm Ứng dụng Tiến bộ"}
    assert await index.count() == 4  # the organisation and its three public listings
