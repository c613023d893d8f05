"""Listing repositories and use cases on a real PostgreSQL: visibility is in the statement,
co-authors and timelines round-trip, versions are immutable, every change is audited once and
lands in the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import audit_log, listing_versions, outbox
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, PlatformRole
from domain.errors import Conflict, InvalidInput, NotFound
from domain.listings import (
    CoAuthor,
    InitiativeStatus,
    ListingFilter,
    OfferStatus,
)
from domain.services import listings as lc
from tests.factories import (
    initiative_content,
    make_initiative,
    make_offer,
    make_owner,
    make_user,
    operator_actor,
    receipt_signer,
)


def member(user_id, org_id) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(email_verified=True, user_id=user_id, memberships={org_id: MemberRole.MEMBER})


async def test_drafts_are_their_organisations_alone_and_operators_see_submissions(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    operator = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))
    draft = await make_initiative(session, owner.user, org)
    submitted = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.SUBMITTED, operator=operator
    )
    published = await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
    stranger = await make_user(session)
    repo = SqlUnitOfWork(session).initiatives
    everything = ListingFilter()

    async def titles(actor: Actor) -> set[str]:
        page = await repo.list_page(actor, where=everything, after=None, first=50)
        return {i.content.title for i in page}

    public_only = {published.content.title}
    assert await titles(Actor.anonymous()) == public_only
    assert await titles(Actor(email_verified=True, user_id=stranger.user.id)) == public_only
    assert await titles(member(owner.user.id, org.id)) == {
        draft.content.title,
        submitted.content.title,
        published.content.title,
    }
    # Operators review submissions, but a draft is its authors' alone until submitted.
    assert await titles(operator) == {submitted.content.title, published.content.title}
    # The same rule holds for lookups by id (node resolution).
    found = await repo.get_many_readable(Actor.anonymous(), [draft.id, published.id])
    assert [i.id for i in found] == [published.id]
    found = await repo.get_many_readable(operator, [draft.id, submitted.id])
    assert [i.id for i in found] == [submitted.id]


async def test_co_authors_round_trip_in_order_with_exact_shares(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    authors = (
        CoAuthor("C", Decimal("33.34"), user_id=owner.user.id),
        CoAuthor("A", Decimal("33.33"), affiliation="Viện A"),
        CoAuthor("B", Decimal("33.33")),
    )
    created = await make_initiative(session, owner.user, org, co_authors=authors)
    again = await SqlUnitOfWork(session).initiatives.get(created.id)
    assert again is not None
    assert again.content.co_authors == authors


async def test_shares_that_do_not_sum_to_100_are_refused_and_nothing_is_written(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    uow = SqlUnitOfWork(session)
    before = await session.scalar(select(func.count()).select_from(audit_log))
    with pytest.raises(InvalidInput) as refused:
        await lc.create_initiative(
            uow,
            member(owner.user.id, org.id),
            organization_id=org.id,
            content=initiative_content(
                co_authors=(CoAuthor("A", Decimal("50")), CoAuthor("B", Decimal("49.5")))
            ),
            now=datetime.now(UTC),
        )
    await uow.rollback()
    assert [i.path for i in refused.value.issues] == [("coAuthors",)]
    assert await session.scalar(select(func.count()).select_from(audit_log)) == before


async def test_a_level_one_field_matches_its_sectors_and_pages_are_newest_first(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    made = [
        await make_initiative(session, owner.user, org, field_code=code)
        for code in ("201", "207", "301", "2")
    ]
    repo = SqlUnitOfWork(session).initiatives
    actor = member(owner.user.id, org.id)
    engineering = ListingFilter(field_code="2")
    first = await repo.list_page(actor, where=engineering, after=None, first=2)
    assert [i.id for i in first] == [made[3].id, made[1].id, made[0].id]  # first + 1 rows
    last = first[1]
    rest = await repo.list_page(
        actor, where=engineering, after=[last.created_at.isoformat(), str(last.id)], first=2
    )
    assert [i.id for i in rest] == [made[0].id]


async def test_submission_freezes_an_immutable_signed_version(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org, status=InitiativeStatus.SUBMITTED)
    records = SqlUnitOfWork(session).listing_records
    stored = await records.stored_version(initiative.id, 1)
    assert stored is not None
    assert stored.key_id == receipt_signer().key_id
    with pytest.raises(DBAPIError, match="immutable"):
        async with session.begin_nested():
            await session.execute(
                text("UPDATE listing_versions SET digest = :d WHERE listing_id = :i"),
                {"d": "0" * 64, "i": initiative.id},
            )
    with pytest.raises(DBAPIError, match="immutable"):
        async with session.begin_nested():
            await session.execute(listing_versions.delete())
    still = await records.stored_version(initiative.id, 1)
    assert still == stored


async def test_each_change_writes_one_audit_entry_one_timeline_step_and_outbox_rows(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org, status=InitiativeStatus.SUBMITTED)
    staff = await operator_actor(session)
    audit_before = await session.scalar(select(func.count()).select_from(audit_log))
    outbox_before = await session.scalar(select(func.count()).select_from(outbox))
    uow = SqlUnitOfWork(session)
    await lc.transition_initiative(
        uow,
        staff,
        initiative_id=initiative.id,
        target=InitiativeStatus.SCREENING,
        reason=None,
        now=datetime.now(UTC),
    )
    entries = (
        await session.execute(
            select(audit_log.c.action, audit_log.c.actor_id, audit_log.c.data).where(
                audit_log.c.seq > audit_before
            )
        )
    ).all()
    assert [(e.action, e.actor_id, e.data) for e in entries] == [
        (
            "initiative.screening_started",
            staff.user_id,
            {"from": "submitted", "to": "screening", "reason": None},
        )
    ]
    # One row per outbox consumer (search, embedding, feed).
    assert await session.scalar(select(func.count()).select_from(outbox)) == outbox_before + 3
    timeline = (await uow.listing_records.timelines([initiative.id]))[initiative.id]
    assert [(s.from_status, s.to_status) for s in timeline] == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "screening"),
    ]


async def test_strangers_cannot_tell_a_draft_exists(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    draft = await make_initiative(session, owner.user, org)
    stranger = await make_user(session)
    uow = SqlUnitOfWork(session)
    with pytest.raises(NotFound):
        await lc.withdraw_initiative(
            uow,
            Actor(email_verified=True, user_id=stranger.user.id),
            initiative_id=draft.id,
            reason=None,
            now=datetime.now(UTC),
        )


async def test_no_one_holds_confidential_grants_until_review_and_connections_give_them(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    published = await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
    records = SqlUnitOfWork(session).listing_records
    reader = Actor(email_verified=True, user_id=(await make_user(session)).user.id)
    assert await records.confidential_grants(reader, [published.id]) == set()
    assert await records.confidential_grants(Actor.anonymous(), [published.id]) == set()


async def test_listed_offers_past_their_expiry_expire_and_can_be_renewed(
    session: AsyncSession,
) -> None:
    owner, org = await make_owner(session)
    offer = await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    assert offer.expires_at is not None
    uow = SqlUnitOfWork(session)
    assert await lc.expire_due_offers(uow, now=offer.expires_at - timedelta(seconds=1)) == 0
    later = offer.expires_at + timedelta(seconds=1)
    assert await lc.expire_due_offers(uow, now=later) == 1
    expired = await uow.offers.get(offer.id)
    assert expired is not None
    assert expired.status is OfferStatus.EXPIRED
    owner_actor = member(owner.user.id, org.id)
    with pytest.raises(InvalidInput):
        await lc.renew_offer(uow, owner_actor, offer_id=offer.id, until=later, now=later)
    await uow.rollback()
    renewed = await lc.renew_offer(
        uow, owner_actor, offer_id=offer.id, until=later + timedelta(days=90), now=later
    )
    assert (renewed.status, renewed.expires_at) == (
        OfferStatus.LISTED,
        later + timedelta(days=90),
    )
    with pytest.raises(Conflict):
        await lc.mark_offer_transferred(uow, owner_actor, offer_id=offer.id, reason=None, now=later)
