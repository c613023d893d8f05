"""Awarding a need or challenge names its winner (domain/awards.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import Actor
from domain.awards import NeedAward, NeedAwardRepository
from domain.errors import NotFound, ValidationCode, Validator
from domain.exchange_ports import ConnectionRepository
from domain.listings import NEED_LIFECYCLE, OFFER_PUBLIC, ListingKind, NeedStatus
from domain.services.listings.content import clean_reason
from domain.services.listings.needs import load_need
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import record_move, stale


class AwardUnitOfWork(ListingsUnitOfWork, Protocol):
    @property
    def connections(self) -> ConnectionRepository: ...

    @property
    def need_awards(self) -> NeedAwardRepository: ...


@dataclass(frozen=True, slots=True)
class AwardNeed:
    need_id: UUID
    winner_organization_id: UUID
    reason: str | None
    connection_id: UUID | None = None  # the winner's proposal to this need
    offer_id: UUID | None = None  # or the winner's public offer


async def award_need(
    uow: AwardUnitOfWork, actor: Actor, cmd: AwardNeed, *, now: datetime
) -> NeedAward:
    need = await load_need(uow, actor, cmd.need_id)
    rule = NEED_LIFECYCLE.check(actor, need.organization_id, need.status, NeedStatus.AWARDED)
    public_reason = clean_reason(rule, cmd.reason)
    if await uow.organizations.get(cmd.winner_organization_id) is None:
        raise NotFound("Organization", cmd.winner_organization_id)
    v = Validator()
    if cmd.winner_organization_id == need.organization_id:
        v.add("winnerOrganizationId", ValidationCode.INVALID_COMBINATION, "posted this need")
    if cmd.connection_id is not None:
        connection = await uow.connections.get(cmd.connection_id)
        if (
            connection is None
            or connection.listing_id != need.id
            or connection.requester_organization_id != cmd.winner_organization_id
        ):
            v.add(
                "connectionId",
                ValidationCode.INVALID_COMBINATION,
                "is not the winner's proposal to this need",
            )
    if cmd.offer_id is not None:
        offer = await uow.offers.get(cmd.offer_id)
        if (
            offer is None
            or offer.organization_id != cmd.winner_organization_id
            or offer.status not in OFFER_PUBLIC
        ):
            v.add(
                "offerId", ValidationCode.INVALID_COMBINATION, "is not a public offer of the winner"
            )
    v.check()
    assert actor.user_id is not None
    moved = await uow.needs.set_status(
        need.id, expected=need.status, status=NeedStatus.AWARDED, at=now
    )
    if moved is None:
        raise stale("need")
    award = await uow.need_awards.add(
        need_id=need.id,
        winner_organization_id=cmd.winner_organization_id,
        connection_id=cmd.connection_id,
        offer_id=cmd.offer_id,
        awarded_by=actor.user_id,
    )
    await record_move(
        uow,
        actor,
        ListingKind.NEED,
        need.id,
        from_status=need.status,
        to_status=NeedStatus.AWARDED,
        action=rule.action,
        reason=public_reason,
        at=now,
        extra={
            "winner_organization_id": str(cmd.winner_organization_id),
            "connection_id": str(cmd.connection_id) if cmd.connection_id else None,
            "offer_id": str(cmd.offer_id) if cmd.offer_id else None,
        },
    )
    await uow.commit()
    return award
