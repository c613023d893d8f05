"""Review, connection, deal and notification repositories on a real PostgreSQL, driven through
the use cases where a state is needed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import notifications
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, OrganizationKind, PlatformRole
from domain.connections import ConnectionStatus
from domain.deals import DealKind, DealStatus
from domain.listings import InitiativeStatus, ListingKind, NeedStatus, OfferStatus
from domain.notifications import NotificationKind
from domain.review import AssignmentStatus, Criterion, Recommendation
from domain.services import connections as cc
from domain.services import deals as dc
from domain.services import review as rc
from tests.factories import (
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_owner,
    make_user,
    operator_actor,
)


def member_actor(user_id, org_id) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(email_verified=True, user_id=user_id, memberships={org_id: MemberRole.MEMBER})


async def test_listing_lookup_finds_every_kind_in_one_statement(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    offer = await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    need = await make_need(session, owner.user, org, status=NeedStatus.OPEN)
    uow = SqlUnitOfWork(session)

    found = await uow.listing_lookup.summaries([initiative.id, offer.id, need.id, uuid4()])
    by_id = {s.id: s for s in found}
    assert set(by_id) == {initiative.id, offer.id, need.id}
    assert (by_id[initiative.id].kind, by_id[initiative.id].status) == (
        ListingKind.INITIATIVE,
        "under_review",
    )
    assert by_id[initiative.id].revision == 1
    assert (by_id[offer.id].kind, by_id[offer.id].status) == (ListingKind.OFFER, "listed")
    assert (by_id[need.id].kind, by_id[need.id].revision) == (ListingKind.NEED, 0)
    assert by_id[need.id].title == need.content.title
    assert await uow.listing_lookup.summary(uuid4()) is None


async def test_reviewer_grant_lasts_until_the_reviewer_recuses(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    reviewer_actor = Actor(email_verified=True, user_id=reviewer.user.id, roles=reviewer.user.roles)
    uow = SqlUnitOfWork(session)
    assert await uow.listing_records.confidential_grants(reviewer_actor, [initiative.id]) == set()

    assignment = await rc.assign_reviewer(
        uow,
        await operator_actor(session),
        rc.AssignReviewer(initiative_id=initiative.id, reviewer_id=reviewer.user.id),
    )
    assert assignment.status is AssignmentStatus.ASSIGNED
    assert await uow.review.is_active_reviewer(reviewer.user.id, initiative.id)
    assert await uow.listing_records.confidential_grants(reviewer_actor, [initiative.id]) == {
        initiative.id
    }

    await rc.declare_conflict(
        uow, reviewer_actor, rc.DeclareConflict(assignment.id, note="Tôi là đồng tác giả.")
    )
    assert await uow.listing_records.confidential_grants(reviewer_actor, [initiative.id]) == set()
    [stored] = await uow.review.assignments_of_initiatives([initiative.id])
    assert (stored.status, stored.conflict_note) == (
        AssignmentStatus.RECUSED,
        "Tôi là đồng tác giả.",
    )
    assert stored.recused_at is not None


async def test_score_sheet_round_trips_with_its_weighted_score(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    uow = SqlUnitOfWork(session)
    assignment = await rc.assign_reviewer(
        uow,
        await operator_actor(session),
        rc.AssignReviewer(initiative_id=initiative.id, reviewer_id=reviewer.user.id),
    )
    await rc.score_initiative(
        uow,
        Actor(email_verified=True, user_id=reviewer.user.id, roles=reviewer.user.roles),
        rc.ScoreInitiative(
            assignment_id=assignment.id,
            scores={
                Criterion.NOVELTY: 5,
                Criterion.FEASIBILITY: 4,
                Criterion.IMPACT: 4,
                Criterion.COMMERCIAL_POTENTIAL: 3,
            },
            comments="Nhận xét riêng: cần số liệu thử nghiệm.",
            recommendation=Recommendation.ACCEPT,
        ),
    )
    [sheet] = await uow.review.scores_of([assignment.id])
    assert sheet.scores[Criterion.NOVELTY] == 5
    assert str(sheet.weighted) == "4.10"
    assert sheet.comments == "Nhận xét riêng: cần số liệu thử nghiệm."
    [stored] = await uow.review.get_assignments([assignment.id])
    assert stored.status is AssignmentStatus.SCORED


async def test_connection_grant_needs_acceptance_and_the_nda(session: AsyncSession) -> None:
    owner, owner_org = await make_owner(session, kind=OrganizationKind.UNIVERSITY)
    offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
    seeker, seeker_org = await make_owner(session, kind=OrganizationKind.ENTERPRISE)
    seeker_actor = member_actor(seeker.user.id, seeker_org.id)
    owner_actor = member_actor(owner.user.id, owner_org.id)
    uow = SqlUnitOfWork(session)

    connection = await cc.request_connection(
        uow,
        seeker_actor,
        cc.RequestConnection(listing_id=offer.id, requester_organization_id=seeker_org.id),
    )
    assert connection.status is ConnectionStatus.PENDING
    assert connection.owner_organization_id == owner_org.id
    grants = uow.listing_records.confidential_grants
    assert await grants(seeker_actor, [offer.id]) == set()

    await cc.accept_connection(uow, owner_actor, connection_id=connection.id)
    assert await grants(seeker_actor, [offer.id]) == set(), "no NDA yet"

    acknowledged = await cc.acknowledge_nda(uow, seeker_actor, connection_id=connection.id)
    assert acknowledged.nda_acknowledged_by == seeker.user.id
    assert await grants(seeker_actor, [offer.id]) == {offer.id}

    # Another member of the requester organisation shares the access; a stranger does not.
    colleague = await make_user(session)
    await uow.organizations.add_member(seeker_org.id, colleague.user.id, MemberRole.MEMBER)
    assert await grants(member_actor(colleague.user.id, seeker_org.id), [offer.id]) == {offer.id}
    stranger = await make_user(session)
    assert await grants(Actor(email_verified=True, user_id=stranger.user.id), [offer.id]) == set()

    await cc.close_connection(uow, owner_actor, connection_id=connection.id)
    assert await grants(seeker_actor, [offer.id]) == set()


async def test_deal_totals_group_by_kind_within_the_period(session: AsyncSession) -> None:
    owner, owner_org = await make_owner(session)
    owner_actor = member_actor(owner.user.id, owner_org.id)
    uow = SqlUnitOfWork(session)
    recorded = []
    for kind, value, signed in (
        (DealKind.LICENCE, 2_000_000_000, date(2026, 3, 1)),
        (DealKind.LICENCE, 9_000_000_000_000, date(2026, 4, 1)),
        (DealKind.LICENCE, None, date(2026, 5, 1)),
        (DealKind.INVESTMENT, 15_000_000_000, date(2025, 12, 31)),
    ):
        buyer = await make_user(session)
        buyer_org = await make_organization(
            session, buyer.user, kind=OrganizationKind.ENTERPRISE, verified=True
        )
        buyer_actor = member_actor(buyer.user.id, buyer_org.id)
        offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
        connection = await cc.request_connection(
            uow,
            buyer_actor,
            cc.RequestConnection(offer.id, buyer_org.id, acknowledge_nda=True),
        )
        await cc.accept_connection(uow, owner_actor, connection_id=connection.id)
        deal = await dc.record_deal(
            uow,
            buyer_actor,
            dc.RecordDeal(connection.id, kind=kind, signed_on=signed, value_vnd=value),
        )
        assert deal.status is DealStatus.PENDING
        await dc.confirm_deal(uow, owner_actor, connection_id=connection.id)
        recorded.append(deal)
        assert deal.party_ids == (buyer_org.id, owner_org.id)
    # A deal one side recorded and the other has not confirmed counts nowhere.
    buyer, buyer_org = await make_owner(session, verified=True)
    offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
    connection = await cc.request_connection(
        uow,
        member_actor(buyer.user.id, buyer_org.id),
        cc.RequestConnection(offer.id, buyer_org.id, acknowledge_nda=True),
    )
    await cc.accept_connection(uow, owner_actor, connection_id=connection.id)
    await dc.record_deal(
        uow,
        member_actor(buyer.user.id, buyer_org.id),
        dc.RecordDeal(
            connection.id, kind=DealKind.LICENCE, signed_on=date(2026, 6, 1), value_vnd=7
        ),
    )

    totals = {t.kind: t for t in await uow.deals.totals(since=date(2026, 1, 1), until=None)}
    assert set(totals) == set(DealKind)
    licence = totals[DealKind.LICENCE]
    assert (licence.count, licence.total_value_vnd, licence.undisclosed) == (
        3,
        9_002_000_000_000,
        1,
    )
    assert totals[DealKind.INVESTMENT].count == 0
    everything = {t.kind: t for t in await uow.deals.totals(since=None, until=None)}
    assert everything[DealKind.INVESTMENT].total_value_vnd == 15_000_000_000

    [loaded] = await uow.deals.of_connections([recorded[0].connection_id])
    assert loaded.party_ids == recorded[0].party_ids
    [connection] = await uow.connections.get_many([recorded[0].connection_id])
    assert connection.status is ConnectionStatus.DEAL


async def test_notifications_page_newest_first_and_mark_read(session: AsyncSession) -> None:
    owner, org = await make_owner(session)
    uow = SqlUnitOfWork(session)
    from domain.notifications import NewNotification

    await uow.notifications.add(
        [
            NewNotification(
                owner.user.id, NotificationKind.MESSAGE_RECEIVED, "connection", uuid4(), f"n{i}"
            )
            for i in range(5)
        ]
    )
    first = await uow.notifications.page(owner.user.id, after=None, first=2, unread_only=False)
    assert [n.text for n in first] == ["n4", "n3", "n2"]
    after = [first[1].created_at.isoformat(), str(first[1].id)]
    rest = await uow.notifications.page(owner.user.id, after=after, first=10, unread_only=False)
    assert [n.text for n in rest] == ["n2", "n1", "n0"]

    marked = await uow.notifications.mark_read(owner.user.id, [first[0].id], datetime.now(UTC))
    assert marked == 1
    assert await uow.notifications.unread_count(owner.user.id) == 4
    unread = await uow.notifications.page(owner.user.id, after=None, first=10, unread_only=True)
    assert "n4" not in [n.text for n in unread]

    # A template goes to every member of the organisation but the one who caused it.
    colleague = await make_user(session)
    await uow.organizations.add_member(org.id, colleague.user.id, MemberRole.MEMBER)
    await uow.notifications.add_for_members(
        org.id,
        NewNotification(owner.user.id, NotificationKind.DEAL_RECORDED, "connection", uuid4(), "d"),
        except_user=owner.user.id,
    )
    recipients = await session.execute(
        select(notifications.c.user_id).where(notifications.c.text == "d")
    )
    assert list(recipients.scalars()) == [colleague.user.id]
    assert await uow.notifications.mark_read(owner.user.id, None, datetime.now(UTC)) == 4
    total = await session.scalar(select(func.count()).select_from(notifications))
    assert total == 6


async def test_a_resubmission_is_reviewed_afresh(session: AsyncSession) -> None:
    """Revision requested, then resubmitted: the council of the first round does not count,
    and its open assignments can no longer be scored."""
    from domain.errors import Conflict, ConflictCode
    from domain.review import DecisionOutcome
    from domain.services import listings as lc
    from tests.factories import receipt_signer

    owner, org = await make_owner(session)
    initiative = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    operator = await operator_actor(session)
    uow = SqlUnitOfWork(session)
    reviewers = [
        await make_user(session, roles=frozenset({PlatformRole.REVIEWER})) for _ in range(3)
    ]
    actors = [Actor(email_verified=True, user_id=r.user.id, roles=r.user.roles) for r in reviewers]
    first_round = [
        await rc.assign_reviewer(uow, operator, rc.AssignReviewer(initiative.id, r.user.id))
        for r in reviewers
    ]
    for actor, assignment in zip(actors[:2], first_round[:2], strict=True):
        await rc.score_initiative(
            uow,
            actor,
            rc.ScoreInitiative(
                assignment.id, dict.fromkeys(Criterion, 3), "Cần bổ sung.", Recommendation.REVISE
            ),
        )
    # The third reviewer has neither scored nor recused: the round is still open.
    blocked = rc.DecideInitiative(
        initiative.id, DecisionOutcome.REQUEST_REVISION, "Cần bổ sung số liệu."
    )
    with pytest.raises(Conflict) as raised:
        await rc.decide_initiative(uow, operator, blocked, now=datetime.now(UTC))
    assert raised.value.code is ConflictCode.REVIEWS_PENDING
    await uow.rollback()
    await rc.declare_conflict(uow, actors[2], rc.DeclareConflict(first_round[2].id))
    await rc.decide_initiative(uow, operator, blocked, now=datetime.now(UTC))

    owner_actor = member_actor(owner.user.id, org.id)
    resubmitted, _ = await lc.resubmit_initiative(
        uow, owner_actor, receipt_signer(), initiative_id=initiative.id, now=datetime.now(UTC)
    )
    assert resubmitted.revision == 2
    assert await uow.review.assignments_for(initiative.id, 2) == []
    assert len(await uow.review.assignments_for(initiative.id, 1)) == 3
    # The same reviewers may sit on the new round.
    again = await rc.assign_reviewer(
        uow, operator, rc.AssignReviewer(initiative.id, reviewers[0].user.id)
    )
    assert again.review_round == 2
