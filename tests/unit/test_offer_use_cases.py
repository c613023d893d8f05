"""Technology offer use cases on an in-memory unit of work: what each writes, and that a
refused request writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import Conflict, ConflictCode, InvalidInput, NotAllowed, NotAllowedCode
from domain.events import EntityKind, ListingChanged
from domain.listings import ListingKind, OfferContent, OfferStatus, TransferMode
from domain.services import listings as uc
from tests.unit.listing_use_cases_support import (
    COMPLETE_INITIATIVE,
    STAFF,
    _create,
    _with_member,
    _world,
)
from tests.unit.listings_fakes import T0, member

COMPLETE_OFFER = OfferContent(
    title="Màng lọc nano",
    summary="Màng lọc",
    description="Chi tiết",
    field_code="2",
    trl=6,
    transfer_modes=(TransferMode.LICENCE, TransferMode.LICENCE),
    contact_email=" Owner@Example.VN ",
)


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
