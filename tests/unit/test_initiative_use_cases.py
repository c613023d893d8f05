"""Initiative use cases on an in-memory unit of work: what each writes, and that a refused
request writes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

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
from domain.listings import CoAuthor, InitiativeContent, InitiativeStatus, ListingKind
from domain.receipts import content_digest
from domain.services import listings as uc
from tests.unit.listing_use_cases_support import (
    COMPLETE_INITIATIVE,
    STAFF,
    _create,
    _with_member,
    _world,
)
from tests.unit.listings_fakes import T0, member


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
