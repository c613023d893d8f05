"""Listing use cases on an in-memory unit of work: what each writes, and that a refused
request writes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import TypeVar
from uuid import uuid4

import pytest

from domain.accounts import Actor, MemberRole, Organization, OrganizationKind, PlatformRole
from domain.errors import (
    Conflict,
    ConflictCode,
    InvalidInput,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
)
from domain.events import EntityKind, ListingChanged
from domain.listings import (
    CoAuthor,
    FundThesis,
    InitiativeContent,
    InitiativeStatus,
    ListingKind,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TransferMode,
)
from domain.receipts import content_digest
from domain.services import listings as uc
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
COMPLETE_OFFER = OfferContent(
    title="Màng lọc nano",
    summary="Màng lọc",
    description="Chi tiết",
    field_code="2",
    trl=6,
    transfer_modes=(TransferMode.LICENCE, TransferMode.LICENCE),
    contact_email=" Owner@Example.VN ",
)
COMPLETE_NEED = NeedContent(
    title="Xử lý nước thải",
    problem_statement="Nước thải nhà máy",
    desired_outcome="Đạt chuẩn",
    field_code="2",
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


# --- initiatives ---------------------------------------------------------------------------


async def test_creating_an_initiative_writes_a_cleaned_draft_its_timeline_audit_and_event() -> None:
    uow, _, org, owner = _with_member()

    created = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)

    assert created.status is InitiativeStatus.DRAFT
    assert created.content.keywords == ("nước", "lọc")
    assert uow.initiatives.rows == {created.id: created}
    [(kind, step)] = uow.listing_records.timeline
    assert (kind, step.from_status, step.to_status, step.actor_id) == (
        ListingKind.INITIATIVE,
        None,
        "draft",
        owner.user_id,
    )
    assert [e["action"] for e in uow.audit.entries] == ["initiative.created"]
    assert uow.outbox.events == [ListingChanged(EntityKind.INITIATIVE, created.id)]
    assert uow.commits == 1


async def test_updating_an_initiative_records_the_edit() -> None:
    uow, _, org, owner = _with_member()
    draft = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)

    updated = await uc.update_initiative(
        uow,
        owner,
        initiative_id=draft.id,
        content=InitiativeContent(title="Máy lọc nước lợ"),
    )

    assert updated.content.title == "Máy lọc nước lợ"
    assert uow.audit.entries[-1]["action"] == "initiative.updated"
    assert uow.audit.entries[-1]["data"] == {"status": "draft"}
    assert uow.commits == 2


async def test_submitting_an_initiative_freezes_a_version_and_signs_a_receipt() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)
    later = T0 + timedelta(hours=1)

    moved, receipt = await uc.submit_initiative(
        uow, owner, signer, initiative_id=draft.id, now=later
    )

    assert (moved.status, moved.revision) == (InitiativeStatus.SUBMITTED, 1)
    [version] = uow.listing_records.versions
    assert (version["kind"], version["listing_id"], version["version"]) == (
        ListingKind.INITIATIVE,
        draft.id,
        1,
    )
    assert version["digest"] == receipt.digest == content_digest(version["content"])
    assert (receipt.listing_kind, receipt.version, receipt.key_id) == ("initiative", 1, "test-key")
    assert uow.audit.entries[-1]["action"] == "initiative.submitted"
    assert uow.audit.entries[-1]["data"] == {
        "from": "draft",
        "to": "submitted",
        "reason": None,
        "version": 1,
        "digest": receipt.digest,
    }
    assert uow.listing_records.timeline[-1][1].at == later
    assert uow.commits == 2


async def test_resubmitting_after_a_revision_request_makes_version_two() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)
    await uc.submit_initiative(uow, owner, signer, initiative_id=draft.id, now=T0)
    await uc.transition_initiative(
        uow,
        STAFF,
        initiative_id=draft.id,
        target=InitiativeStatus.SCREENING,
        reason=None,
        now=T0,
    )
    await uc.transition_initiative(
        uow,
        STAFF,
        initiative_id=draft.id,
        target=InitiativeStatus.REVISION_REQUESTED,
        reason="Thiếu số liệu",
        now=T0,
    )

    moved, receipt = await uc.resubmit_initiative(
        uow, owner, signer, initiative_id=draft.id, now=T0
    )

    assert (moved.status, moved.revision, receipt.version) == (
        InitiativeStatus.RESUBMITTED,
        2,
        2,
    )
    assert [s.to_status for _, s in uow.listing_records.timeline] == [
        "draft",
        "submitted",
        "screening",
        "revision_requested",
        "resubmitted",
    ]
    assert uow.listing_records.timeline[3][1].reason == "Thiếu số liệu"


async def test_an_incomplete_initiative_is_not_submitted_and_nothing_changes() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(
        uc.create_initiative, uow, owner, org, InitiativeContent(title="Chỉ có tên")
    )
    before = uow.snapshot()

    with pytest.raises(InvalidInput) as refused:
        await uc.submit_initiative(uow, owner, signer, initiative_id=draft.id, now=T0)

    assert {i.path for i in refused.value.issues} == {
        ("summary",),
        ("description",),
        ("problem",),
        ("solution",),
        ("advantages",),
        ("fieldCode",),
        ("trl",),
        ("coAuthors",),
    }
    assert uow.snapshot() == before


async def test_a_non_member_may_not_submit_and_nothing_changes() -> None:
    uow, signer = _world()
    org = uow.organizations.put()
    draft = await uc.create_initiative(
        uow, member(org), organization_id=org.id, content=COMPLETE_INITIATIVE, now=T0
    )
    before = uow.snapshot()

    with pytest.raises(NotFound):
        await uc.submit_initiative(
            uow, member(uow.organizations.put()), signer, initiative_id=draft.id, now=T0
        )
    with pytest.raises(NotAllowed) as refused:
        await uc.submit_initiative(uow, STAFF, signer, initiative_id=draft.id, now=T0)

    assert refused.value.code is NotAllowedCode.NOT_A_MEMBER
    assert uow.snapshot() == before


async def test_a_stale_submission_is_a_conflict_and_writes_nothing_more() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)

    async def moved_meanwhile(*args: object, **kwargs: object) -> None:
        return None

    uow.initiatives.set_status = moved_meanwhile  # type: ignore[method-assign]
    before = uow.snapshot()

    with pytest.raises(Conflict) as refused:
        await uc.submit_initiative(uow, owner, signer, initiative_id=draft.id, now=T0)

    assert refused.value.code is ConflictCode.STALE
    assert refused.value.message == "The initiative changed meanwhile; reload and retry."
    assert uow.snapshot() == before


async def test_creating_an_initiative_is_refused_for_outsiders_and_invalid_content() -> None:
    uow, _ = _world()
    org = uow.organizations.put()
    before = uow.snapshot()

    with pytest.raises(NotAllowed):
        await uc.create_initiative(
            uow,
            member(uow.organizations.put()),
            organization_id=org.id,
            content=COMPLETE_INITIATIVE,
            now=T0,
        )
    with pytest.raises(NotFound):
        await uc.create_initiative(
            uow, member(org), organization_id=uuid4(), content=COMPLETE_INITIATIVE, now=T0
        )
    with pytest.raises(InvalidInput) as refused:
        await uc.create_initiative(
            uow,
            member(org),
            organization_id=org.id,
            content=InitiativeContent(
                title="ab",
                trl=10,
                co_authors=(CoAuthor("A", Decimal(30)),),
            ),
            now=T0,
        )

    assert {(i.path, i.code) for i in refused.value.issues} == {
        (("title",), ValidationCode.TOO_SHORT),
        (("trl",), ValidationCode.OUT_OF_RANGE),
        (("coAuthors",), ValidationCode.INVALID_COMBINATION),
    }
    assert uow.snapshot() == before


async def test_a_reviewed_initiative_is_decided_by_the_council_only() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_initiative, uow, owner, org, COMPLETE_INITIATIVE)
    await uc.submit_initiative(uow, owner, signer, initiative_id=draft.id, now=T0)
    for target in (InitiativeStatus.SCREENING, InitiativeStatus.UNDER_REVIEW):
        await uc.transition_initiative(
            uow, STAFF, initiative_id=draft.id, target=target, reason=None, now=T0
        )
    before = uow.snapshot()

    with pytest.raises(Conflict) as refused:
        await uc.transition_initiative(
            uow,
            STAFF,
            initiative_id=draft.id,
            target=InitiativeStatus.ACCEPTED,
            reason="Tốt",
            now=T0,
        )
    with pytest.raises(InvalidInput):
        await uc.transition_initiative(
            uow,
            owner,
            initiative_id=draft.id,
            target=InitiativeStatus.SUBMITTED,
            reason=None,
            now=T0,
        )

    assert refused.value.code is ConflictCode.DECISION_NEEDS_COUNCIL
    assert uow.snapshot() == before
    accepted = await uc.transition_initiative(
        uow,
        STAFF,
        initiative_id=draft.id,
        target=InitiativeStatus.ACCEPTED,
        reason="Tốt",
        now=T0,
        council_decision=True,
    )
    assert accepted.status is InitiativeStatus.ACCEPTED


# --- technology offers ---------------------------------------------------------------------


async def test_an_offer_goes_from_draft_through_approval_to_listed() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_offer, uow, owner, org, COMPLETE_OFFER)
    assert draft.content.transfer_modes == (TransferMode.LICENCE,)
    assert draft.content.contact_email == "owner@example.vn"

    pending, receipt = await uc.submit_offer(uow, owner, signer, offer_id=draft.id, now=T0)
    listed = await uc.approve_offer(
        uow, STAFF, offer_id=draft.id, approved=True, reason=None, now=T0
    )

    assert (pending.status, pending.revision) == (OfferStatus.PENDING_APPROVAL, 1)
    assert (receipt.listing_kind, receipt.version) == ("offer", 1)
    assert uow.listing_records.versions[0]["kind"] is ListingKind.OFFER
    assert listed.status is OfferStatus.LISTED
    assert listed.expires_at == T0 + uc.OFFER_TERM
    assert [e["action"] for e in uow.audit.entries] == [
        "offer.created",
        "offer.submitted",
        "offer.approved",
    ]
    assert uow.outbox.events == [ListingChanged(EntityKind.OFFER, draft.id)] * 3
    assert uow.commits == 3


async def test_an_incomplete_offer_is_not_submitted_and_nothing_changes() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_offer, uow, owner, org, OfferContent(title="Chỉ có tên"))
    before = uow.snapshot()

    with pytest.raises(InvalidInput) as refused:
        await uc.submit_offer(uow, owner, signer, offer_id=draft.id, now=T0)
    with pytest.raises(NotAllowed):
        await uc.submit_offer(uow, STAFF, signer, offer_id=draft.id, now=T0)

    assert {i.path for i in refused.value.issues} == {
        ("summary",),
        ("description",),
        ("fieldCode",),
        ("trl",),
        ("transferModes",),
    }
    assert uow.snapshot() == before


async def test_an_offer_is_edited_only_as_a_draft() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_offer, uow, owner, org, COMPLETE_OFFER)
    edited = await uc.update_offer(
        uow, owner, offer_id=draft.id, content=OfferContent(title="Màng lọc mới")
    )
    assert edited.content.title == "Màng lọc mới"
    await uc.submit_offer(
        uow,
        owner,
        signer,
        offer_id=(await uc.update_offer(uow, owner, offer_id=draft.id, content=COMPLETE_OFFER)).id,
        now=T0,
    )
    before = uow.snapshot()

    with pytest.raises(Conflict) as refused:
        await uc.update_offer(uow, owner, offer_id=draft.id, content=COMPLETE_OFFER)

    assert refused.value.code is ConflictCode.INVALID_TRANSITION
    assert uow.snapshot() == before


async def test_an_offer_links_only_an_initiative_of_its_own_organisation() -> None:
    uow, _ = _world()
    org, other = uow.organizations.put(), uow.organizations.put()
    foreign = await uc.create_initiative(
        uow, member(other), organization_id=other.id, content=COMPLETE_INITIATIVE, now=T0
    )
    before = uow.snapshot()

    with pytest.raises(InvalidInput) as refused:
        await uc.create_offer(
            uow,
            member(org),
            organization_id=org.id,
            content=OfferContent(title="Màng lọc", initiative_id=foreign.id),
            now=T0,
        )

    assert [i.path for i in refused.value.issues] == [("initiativeId",)]
    assert uow.snapshot() == before


async def test_listed_offers_past_their_expiry_expire_and_can_be_renewed() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_offer, uow, owner, org, COMPLETE_OFFER)
    await uc.submit_offer(uow, owner, signer, offer_id=draft.id, now=T0)
    await uc.approve_offer(uow, STAFF, offer_id=draft.id, approved=True, reason=None, now=T0)
    after_term = T0 + uc.OFFER_TERM + timedelta(days=1)

    assert await uc.expire_due_offers(uow, now=after_term) == 1
    assert uow.offers.rows[draft.id].status is OfferStatus.EXPIRED
    assert uow.audit.entries[-1]["actor_id"] is None
    assert uow.listing_records.timeline[-1][1].reason == "The listing period ended."

    before = uow.snapshot()
    with pytest.raises(InvalidInput):
        await uc.renew_offer(
            uow, owner, offer_id=draft.id, until=after_term + uc.OFFER_MAX_TERM * 2, now=after_term
        )
    assert uow.snapshot() == before

    until = after_term + timedelta(days=30)
    renewed = await uc.renew_offer(uow, owner, offer_id=draft.id, until=until, now=after_term)
    assert (renewed.status, renewed.expires_at) == (OfferStatus.LISTED, until)


async def test_returning_an_offer_needs_a_reason_and_staff() -> None:
    uow, signer, org, owner = _with_member()
    draft = await _create(uc.create_offer, uow, owner, org, COMPLETE_OFFER)
    await uc.submit_offer(uow, owner, signer, offer_id=draft.id, now=T0)
    before = uow.snapshot()

    with pytest.raises(InvalidInput):
        await uc.approve_offer(uow, STAFF, offer_id=draft.id, approved=False, reason="", now=T0)
    with pytest.raises(NotAllowed) as refused:
        await uc.approve_offer(uow, owner, offer_id=draft.id, approved=True, reason=None, now=T0)

    assert refused.value.code is NotAllowedCode.MISSING_ROLE
    assert uow.snapshot() == before
    returned = await uc.approve_offer(
        uow, STAFF, offer_id=draft.id, approved=False, reason="Thiếu giá", now=T0
    )
    assert returned.status is OfferStatus.DRAFT
    assert uow.audit.entries[-1]["action"] == "offer.returned"


# --- needs ---------------------------------------------------------------------------------


async def test_a_need_is_opened_closed_and_awarded() -> None:
    uow, _, org, owner = _with_member(OrganizationKind.AGENCY)
    draft = await _create(uc.create_need, uow, owner, org, COMPLETE_NEED)
    await uc.update_need(
        uow, owner, need_id=draft.id, content=replace(COMPLETE_NEED, constraints="Trong 6 tháng")
    )

    opened = await uc.move_need(
        uow, owner, need_id=draft.id, target=NeedStatus.OPEN, reason=None, now=T0
    )
    closed = await uc.move_need(
        uow, STAFF, need_id=draft.id, target=NeedStatus.CLOSED, reason=None, now=T0
    )
    awarded = await uc.move_need(
        uow, owner, need_id=draft.id, target=NeedStatus.AWARDED, reason="Đã chọn", now=T0
    )

    assert opened.content.constraints == "Trong 6 tháng"
    assert (opened.status, closed.status, awarded.status) == (
        NeedStatus.OPEN,
        NeedStatus.CLOSED,
        NeedStatus.AWARDED,
    )
    assert [e["action"] for e in uow.audit.entries] == [
        "need.created",
        "need.updated",
        "need.published",
        "need.closed",
        "need.awarded",
    ]
    assert uow.commits == 5


async def test_need_refusals_change_nothing() -> None:
    uow, _, org, owner = _with_member(OrganizationKind.AGENCY)
    draft = await _create(uc.create_need, uow, owner, org, NeedContent(title="Bài toán"))
    before = uow.snapshot()

    with pytest.raises(InvalidInput):
        await uc.move_need(
            uow, owner, need_id=draft.id, target=NeedStatus.OPEN, reason=None, now=T0
        )
    with pytest.raises(Conflict):
        await uc.move_need(
            uow, owner, need_id=draft.id, target=NeedStatus.AWARDED, reason="x", now=T0
        )
    with pytest.raises(NotFound):
        await uc.update_need(
            uow, member(uow.organizations.put()), need_id=draft.id, content=COMPLETE_NEED
        )
    with pytest.raises(InvalidInput) as refused:
        await uc.update_need(
            uow,
            owner,
            need_id=draft.id,
            content=NeedContent(title="Yêu cầu", kind=NeedKind.REQUEST, prize_vnd=1000),
        )

    assert [(i.path, i.code) for i in refused.value.issues] == [
        (("prizeVnd",), ValidationCode.INVALID_COMBINATION)
    ]
    assert uow.snapshot() == before


# --- fund profiles -------------------------------------------------------------------------


async def test_a_fund_saves_its_thesis_then_updates_it() -> None:
    uow, _ = _world()
    fund = uow.organizations.put(OrganizationKind.FUND)
    owner = member(fund, MemberRole.OWNER)
    thesis = FundThesis(
        thesis="Đầu tư vào công nghệ nước sạch cho nông thôn",
        field_codes=("2", "2"),
        trl_min=4,
        trl_max=7,
    )

    first = await uc.upsert_fund_profile(uow, owner, organization_id=fund.id, content=thesis)
    second = await uc.upsert_fund_profile(uow, owner, organization_id=fund.id, content=thesis)

    assert (first.created, second.created) == (True, False)
    assert first.profile.content.field_codes == ("2",)
    assert [e["action"] for e in uow.audit.entries] == ["fund.created", "fund.updated"]
    assert uow.outbox.events == [ListingChanged(EntityKind.FUND, first.profile.id)] * 2


async def test_fund_refusals_change_nothing() -> None:
    uow, _ = _world()
    fund = uow.organizations.put(OrganizationKind.FUND)
    university = uow.organizations.put()
    thesis = FundThesis(thesis="Đầu tư vào công nghệ nước sạch cho nông thôn")
    before = uow.snapshot()

    with pytest.raises(NotAllowed) as not_owner:
        await uc.upsert_fund_profile(uow, member(fund), organization_id=fund.id, content=thesis)
    with pytest.raises(InvalidInput) as not_a_fund:
        await uc.upsert_fund_profile(
            uow,
            member(university, MemberRole.OWNER),
            organization_id=university.id,
            content=thesis,
        )
    with pytest.raises(InvalidInput) as bad_thesis:
        await uc.upsert_fund_profile(
            uow,
            member(fund, MemberRole.OWNER),
            organization_id=fund.id,
            content=FundThesis(thesis="ngắn", trl_min=7, trl_max=3),
        )

    assert not_owner.value.code is NotAllowedCode.NOT_THE_OWNER
    assert [i.path for i in not_a_fund.value.issues] == [("organizationId",)]
    assert {i.path for i in bad_thesis.value.issues} == {("thesis",), ("trlMax",)}
    assert uow.snapshot() == before
