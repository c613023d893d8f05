"""Demo connections on public listings: requests, declines, messages, negotiations, deals."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from db.uow import SqlUnitOfWork
from domain.connections import DeclineReason
from domain.deals import DealKind
from domain.services import connections as connections_uc
from domain.services import deals as deals_uc
from innovex.demo.model import DemoDataset
from innovex.seeding.state import Loaded

_INTROS = (
    "Đơn vị chúng tôi quan tâm đến công nghệ này để triển khai thí điểm tại địa phương.",
    "We would like to discuss a licence for our production line.",
    "Chúng tôi muốn tìm hiểu thêm về chi phí chuyển giao và hỗ trợ kỹ thuật.",
    "Quỹ quan tâm đầu tư giai đoạn thương mại hóa, mong được trao đổi thêm.",
)
_MESSAGES = (
    (
        "Xin gửi quý đơn vị tài liệu kỹ thuật sơ bộ sau khi ký NDA.",
        "Cảm ơn, chúng tôi sẽ phản hồi trong tuần.",
    ),
    (
        "Could you share the pilot results from last season?",
        "Attached in the data room; happy to set up a call.",
    ),
    (
        "Đề xuất lịch khảo sát hiện trường vào tuần sau.",
        "Đồng ý, chúng tôi sẽ cử hai kỹ sư tham gia.",
    ),
)
_SEEKER_KINDS = {"agency", "enterprise", "startup"}
_SUPPLIER_KINDS = {"university", "research_institute", "startup", "enterprise"}


async def exchange(
    uow: SqlUnitOfWork,
    data: DemoDataset,
    loaded: Loaded,
    rng: random.Random,
    *,
    now: datetime,
    task: Callable[[str, int], Callable[[], None]],
) -> None:
    """Connections on public listings: interest in offers, investment in initiatives, proposals
    to needs; each accepted, declined, negotiating or closed with a deal, with messages."""
    admins = {p.organization_key: p.key for p in data.people if p.role == "org_admin"}
    kinds = {o.key: o.kind for o in data.organizations}
    seekers = [k for k, kind in kinds.items() if kind in _SEEKER_KINDS]
    suppliers = [k for k, kind in kinds.items() if kind in _SUPPLIER_KINDS]
    funds = [f.organization_key for f in data.funds]
    plans: list[
        tuple[UUID, str, str, str, DealKind]
    ] = []  # listing, owner org, requester org, owner person, deal
    # Initiatives first: a deal on an offer may move its initiative on.
    for item in data.initiatives:
        if (
            item.target_state in {"published", "commercialising"}  # commercialised: no requests
            and rng.random() < 0.5
        ):
            requester_key = rng.choice(funds)
            plans.append(
                (
                    loaded.initiatives[item.key],
                    item.organization_key,
                    requester_key,
                    item.submitter_key,
                    DealKind.INVESTMENT,
                )
            )
    for offer in data.offers:
        if offer.target_state in {"listed", "under_negotiation"} and rng.random() < 0.6:
            requester_key = rng.choice([k for k in seekers if k != offer.organization_key])
            plans.append(
                (
                    loaded.offers[offer.key],
                    offer.organization_key,
                    requester_key,
                    offer.owner_key,
                    DealKind.LICENCE,
                )
            )
    for need in data.needs:
        if need.target_state == "open" and rng.random() < 0.7:
            requester_key = rng.choice([k for k in suppliers if k != need.organization_key])
            plans.append(
                (
                    loaded.needs[need.key],
                    need.organization_key,
                    requester_key,
                    need.owner_key,
                    DealKind.PROCUREMENT,
                )
            )
    step = task("connections", len(plans))
    for n, (listing_id, _owner_org, requester_org, owner_key, _deal_kind) in enumerate(plans):
        requester = loaded.actor(admins[requester_org])
        owner = loaded.actor(owner_key)
        connection = await connections_uc.request_connection(
            uow,
            requester,
            connections_uc.RequestConnection(
                listing_id=listing_id,
                requester_organization_id=loaded.organizations[requester_org],
                intro=rng.choice(_INTROS),
                acknowledge_nda=n % 4 != 0,
            ),
        )
        outcome = n % 5  # 0 pending, 1 declined, 2 accepted, 3 negotiating, 4 deal
        if outcome == 1:
            await connections_uc.decline_connection(
                uow,
                owner,
                connections_uc.DeclineConnection(
                    connection_id=connection.id,
                    reason=rng.choice([r for r in DeclineReason if r is not DeclineReason.OTHER]),
                    note="Cảm ơn quý đơn vị, hiện chưa phù hợp với kế hoạch của chúng tôi.",
                ),
            )
        elif outcome >= 2:
            if connection.nda_acknowledged_at is None:
                await connections_uc.acknowledge_nda(uow, requester, connection_id=connection.id)
            await connections_uc.accept_connection(uow, owner, connection_id=connection.id)
            ask, answer = rng.choice(_MESSAGES)
            await connections_uc.post_message(
                uow, requester, connections_uc.PostMessage(connection.id, ask)
            )
            await connections_uc.post_message(
                uow, owner, connections_uc.PostMessage(connection.id, answer)
            )
            if outcome >= 3:
                await connections_uc.start_negotiation(uow, requester, connection_id=connection.id)
            if outcome == 4:
                await _deal(uow, data, loaded, rng, connection.id, plan=plans[n], now=now)
        step()


async def _deal(
    uow: SqlUnitOfWork,
    data: DemoDataset,
    loaded: Loaded,
    rng: random.Random,
    connection_id: UUID,
    *,
    plan: tuple[UUID, str, str, str, DealKind],
    now: datetime,
) -> None:
    """A deal both sides agree on: a verified party records it, the other confirms. Between
    two unverified organisations there is none (the connection stays in negotiation)."""
    _listing_id, owner_org, requester_org, owner_key, deal_kind = plan
    verified = {o.key for o in data.organizations if o.verified}
    admins = {p.organization_key: p.key for p in data.people if p.role == "org_admin"}
    if owner_org in verified:
        recorder, confirmer = owner_key, admins[requester_org]
    elif requester_org in verified:
        recorder, confirmer = admins[requester_org], owner_key
    else:
        return
    await deals_uc.record_deal(
        uow,
        loaded.actor(recorder),
        deals_uc.RecordDeal(
            connection_id=connection_id,
            kind=deal_kind,
            signed_on=(now - timedelta(days=rng.randint(1, 60))).date(),
            value_vnd=rng.choice([None, rng.randint(2, 80) * 50_000_000]),
        ),
    )
    await deals_uc.confirm_deal(uow, loaded.actor(confirmer), connection_id=connection_id)
