"""Fund profile use cases on an in-memory unit of work: what each writes, and that a refused
request writes nothing."""

from __future__ import annotations

import pytest

from domain.accounts import MemberRole, OrganizationKind
from domain.errors import InvalidInput, NotAllowed, NotAllowedCode
from domain.events import EntityKind, ListingChanged
from domain.listings import FundThesis
from domain.services import listings as uc
from tests.unit.listing_use_cases_support import _world
from tests.unit.listings_fakes import member


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
