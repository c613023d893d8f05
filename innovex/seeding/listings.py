"""Demo initiatives, offers and needs, walked through their lifecycles to the target state."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from db.uow import SqlUnitOfWork
from domain.accounts import Locale
from domain.fields import from_fields
from domain.listings import (
    CoAuthor,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TransferMode,
)
from domain.services import listings as listings_uc
from innovex.demo.model import DemoInitiative, DemoNeed, DemoOffer
from innovex.seeding.council import DECISIONS, council
from innovex.seeding.state import REASONS, Loaded, operator_key

# The demo content speaks Vietnamese IP law (patent, utility solution, copyright...) and trade
# practice; the domain keeps the coarser vocabulary.
_IP = {
    "none": IpStatus.NONE,
    "pending": IpStatus.APPLICATION_FILED,
    "patent": IpStatus.GRANTED,
    "utility_solution": IpStatus.GRANTED,
    "copyright": IpStatus.GRANTED,
    "trade_secret": IpStatus.TRADE_SECRET,
}
_TRANSFER = {
    "licence": TransferMode.LICENCE,
    "assignment": TransferMode.ASSIGNMENT,
    "capital_contribution": TransferMode.ASSIGNMENT,  # technology contributed as capital
    "joint_venture": TransferMode.JOINT_DEVELOPMENT,
    "technical_service": TransferMode.CONSULTING,
    "turnkey": TransferMode.PRODUCT_SALE,
}


def offer_ip_number(offer: DemoOffer, data_ip: dict[str, str | None]) -> str | None:
    """Offers carry no number in the demo content: reuse the linked initiative's, else make a
    plausible one (a filed application or a granted patent/utility solution)."""
    if _IP[offer.ip_status] not in {IpStatus.APPLICATION_FILED, IpStatus.GRANTED}:
        return None
    if offer.initiative_key and data_ip.get(offer.initiative_key):
        return data_ip[offer.initiative_key]
    serial = int(hashlib.sha256(offer.key.encode()).hexdigest()[:6], 16) % 90000 + 10000
    if offer.ip_status == "pending":
        return f"1-2025-{serial:05d}"
    return f"{'2' if offer.ip_status == 'utility_solution' else '1'}-00{serial:05d}"


def _modes(names: tuple[str, ...]) -> tuple[TransferMode, ...]:
    return tuple(dict.fromkeys(_TRANSFER[n] for n in names))


# The path from draft to each target state, as (status, who) steps after creation.
_I = InitiativeStatus
_REVIEWED = [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW]
_PUBLISHED = [*_REVIEWED, _I.ACCEPTED, _I.PUBLISHED]
_INITIATIVE_PATHS: dict[str, list[InitiativeStatus]] = {
    "draft": [],
    "submitted": [_I.SUBMITTED],
    "screening": [_I.SUBMITTED, _I.SCREENING],
    "under_review": _REVIEWED,
    "revision_requested": [*_REVIEWED, _I.REVISION_REQUESTED],
    "resubmitted": [*_REVIEWED, _I.REVISION_REQUESTED, _I.RESUBMITTED],
    "accepted": [*_REVIEWED, _I.ACCEPTED],
    "rejected": [*_REVIEWED, _I.REJECTED],
    "published": _PUBLISHED,
    "commercialising": [*_PUBLISHED, _I.COMMERCIALISING],
    "commercialised": [*_PUBLISHED, _I.COMMERCIALISING, _I.COMMERCIALISED],
    "withdrawn": [_I.SUBMITTED, _I.SCREENING, _I.WITHDRAWN],
}


async def load_initiative(
    uow: SqlUnitOfWork,
    signer: Any,
    loaded: Loaded,
    item: DemoInitiative,
    *,
    now: datetime,
    rng: random.Random,
) -> None:
    owner = loaded.actor(item.submitter_key)
    operator = loaded.actor(operator_key(loaded))
    org_id = loaded.organizations[item.organization_key]
    path = _INITIATIVE_PATHS[item.target_state]
    # Spread the history over the past months, oldest steps first.
    at = now - timedelta(days=rng.randint(20, 300))
    created = await listings_uc.create_initiative(
        uow,
        owner,
        organization_id=org_id,
        content=from_fields(
            InitiativeContent,
            item,
            ip_status=_IP[item.ip_status],
            language=Locale(item.language),
            co_authors=tuple(CoAuthor(name=n, share_percent=Decimal(s)) for n, s in item.coauthors),
        ),
        now=at,
    )
    loaded.initiatives[item.key] = created.id
    reasons = REASONS[item.language]
    for index, target in enumerate(path):
        at += timedelta(days=rng.randint(2, 15), hours=rng.randint(0, 8))
        at = min(at, now)
        if target in DECISIONS and path[index - 1] is _I.UNDER_REVIEW:
            await council(uow, loaded, item, created.id, rng, decide=DECISIONS[target], at=at)
        elif target is _I.SUBMITTED:
            await listings_uc.submit_initiative(
                uow, owner, signer, initiative_id=created.id, now=at
            )
        elif target is _I.RESUBMITTED:
            await listings_uc.resubmit_initiative(
                uow, owner, signer, initiative_id=created.id, now=at
            )
        else:
            by_owner = target in {_I.WITHDRAWN, _I.COMMERCIALISING, _I.COMMERCIALISED}
            reason = {
                _I.REVISION_REQUESTED: reasons["revision"],
                _I.ACCEPTED: reasons["accepted"],
                _I.REJECTED: reasons["rejected"],
                _I.WITHDRAWN: reasons["withdrawn"],
            }.get(target)
            await listings_uc.transition_initiative(
                uow,
                owner if by_owner else operator,
                initiative_id=created.id,
                target=target,
                reason=reason,
                now=at,
            )
            if target is _I.UNDER_REVIEW and path[-1] is _I.UNDER_REVIEW:
                await council(uow, loaded, item, created.id, rng, decide=None, at=at)


_O = OfferStatus
_OFFER_PATHS: dict[str, list[OfferStatus]] = {
    "draft": [],
    "pending_approval": [_O.PENDING_APPROVAL],
    "listed": [_O.PENDING_APPROVAL, _O.LISTED],
    "under_negotiation": [_O.PENDING_APPROVAL, _O.LISTED, _O.UNDER_NEGOTIATION],
    "transferred": [_O.PENDING_APPROVAL, _O.LISTED, _O.UNDER_NEGOTIATION, _O.TRANSFERRED],
    "withdrawn": [_O.PENDING_APPROVAL, _O.LISTED, _O.WITHDRAWN],
    "expired": [_O.PENDING_APPROVAL, _O.LISTED, _O.EXPIRED],
}


async def load_offer(
    uow: SqlUnitOfWork,
    signer: Any,
    loaded: Loaded,
    offer: DemoOffer,
    *,
    now: datetime,
    ip_number: str | None,
) -> None:
    owner = loaded.actor(offer.owner_key)
    operator = loaded.actor(operator_key(loaded))
    # An expired offer was approved more than a listing term ago; the others recently.
    start = now - timedelta(days=500 if offer.target_state == "expired" else 40)
    created = await listings_uc.create_offer(
        uow,
        owner,
        organization_id=loaded.organizations[offer.organization_key],
        content=from_fields(
            OfferContent,
            offer,
            ip_status=_IP[offer.ip_status],
            ip_number=ip_number,
            transfer_modes=_modes(offer.transfer_modes),
            initiative_id=loaded.initiatives.get(offer.initiative_key)
            if offer.initiative_key
            else None,
        ),
        now=start,
    )
    loaded.offers[offer.key] = created.id
    at = start
    for target in _OFFER_PATHS[offer.target_state]:
        at += timedelta(days=3)
        if target is _O.PENDING_APPROVAL:
            await listings_uc.submit_offer(uow, owner, signer, offer_id=created.id, now=at)
        elif target is _O.LISTED:
            await listings_uc.approve_offer(
                uow, operator, offer_id=created.id, approved=True, reason=None, now=at
            )
        elif target is _O.UNDER_NEGOTIATION:
            await listings_uc.mark_offer_negotiating(uow, owner, offer_id=created.id, now=at)
        elif target is _O.TRANSFERRED:
            await listings_uc.mark_offer_transferred(
                uow, owner, offer_id=created.id, reason="Đã ký hợp đồng chuyển giao.", now=at
            )
        elif target is _O.WITHDRAWN:
            await listings_uc.withdraw_offer(
                uow,
                owner,
                offer_id=created.id,
                reason="Tạm dừng chào bán để nâng cấp sản phẩm.",
                now=at,
            )
        elif target is _O.EXPIRED:
            await listings_uc.expire_due_offers(uow, now=now)


async def load_need(uow: SqlUnitOfWork, loaded: Loaded, need: DemoNeed, now: datetime) -> None:
    owner = loaded.actor(need.owner_key)
    created = await listings_uc.create_need(
        uow,
        owner,
        organization_id=loaded.organizations[need.organization_key],
        content=from_fields(NeedContent, need, kind=NeedKind(need.kind)),
        now=min(
            now - timedelta(days=30),
            datetime.combine(need.deadline, datetime.min.time(), tzinfo=UTC) - timedelta(days=50),
        ),
    )
    loaded.needs[need.key] = created.id
    path = {
        "draft": [],
        "open": [NeedStatus.OPEN],
        "closed": [NeedStatus.OPEN, NeedStatus.CLOSED],
        "awarded": [NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.AWARDED],
    }[need.target_state]
    # Published well before its deadline; closed (and awarded) after it when it has passed.
    deadline = datetime.combine(need.deadline, datetime.min.time(), tzinfo=UTC)
    at = min(now - timedelta(days=23), deadline - timedelta(days=45))
    for target in path:
        if target is not NeedStatus.OPEN:
            at = min(max(at + timedelta(days=5), deadline + timedelta(days=1)), now)
        reason = "Đã chọn được giải pháp phù hợp nhất." if target is NeedStatus.AWARDED else None
        await listings_uc.move_need(
            uow, owner, need_id=created.id, target=target, reason=reason, now=at
        )
