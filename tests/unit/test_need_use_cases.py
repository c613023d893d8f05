"""Need use cases on an in-memory unit of work: what each writes, and that a refused request
writes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.accounts import OrganizationKind
from domain.errors import Conflict, InvalidInput, NotFound, ValidationCode
from domain.listings import NeedContent, NeedKind, NeedStatus
from domain.services import listings as uc
from tests.unit.listing_use_cases_support import STAFF, _create, _with_member
from tests.unit.listings_fakes import T0, member

COMPLETE_NEED = NeedContent(
    title="Xử lý nước thải",
    problem_statement="Nước thải nhà máy",
    desired_outcome="Đạt chuẩn",
    field_code="2",
)


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
