"""Use cases of deals: one party records, the other confirms or disputes (domain/deals.py).

Each writes its change, exactly one audit entry and the notifications it causes, then commits
once. Audit entries carry ids, statuses and codes, never a dispute reason's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from uuid import UUID

from domain.accounts import Actor
from domain.connections import Connection, ConnectionStatus, Side, check_transition, sides_of
from domain.deals import NOTE_MAX, VALUE_MAX_VND, Deal, DealKind, DealStatus, DealTotals
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.events import EntityKind, ListingChanged
from domain.exchange_ports import ExchangeUnitOfWork
from domain.notifications import NotificationKind, deal_answered_text, deal_recorded_text
from domain.services.accounts import require_user
from domain.services.connections import (
    audit_connection,
    notify_about_listing,
    readable_connection,
)

MAX_EXTRA_PARTIES = 10


def _acting_for(actor: Actor, connection: Connection) -> UUID:
    """The party the actor speaks for: the requester when they belong to both."""
    sides = sides_of(actor, connection)
    if Side.REQUESTER in sides:
        return connection.requester_organization_id
    if Side.OWNER in sides:
        return connection.owner_organization_id
    raise NotAllowed(NotAllowedCode.NOT_A_MEMBER, "Only the two parties record and answer deals.")


async def require_verified(uow: ExchangeUnitOfWork, organization_id: UUID) -> None:
    organization = await uow.organizations.get(organization_id)
    if organization is None or not organization.verified:
        raise NotAllowed(
            NotAllowedCode.ORGANIZATION_UNVERIFIED,
            "Your organisation must be verified before it records deals.",
        )


@dataclass(frozen=True, slots=True)
class RecordDeal:
    connection_id: UUID
    kind: DealKind
    signed_on: date
    value_vnd: int | None = None
    other_party_ids: Sequence[UUID] = ()


async def record_deal(uow: ExchangeUnitOfWork, actor: Actor, cmd: RecordDeal) -> Deal:
    """A pending deal; the connection moves to `deal` once the other party confirms."""
    connection = await readable_connection(uow, actor, cmd.connection_id)
    check_transition(actor, connection, ConnectionStatus.DEAL)
    recorded_for = _acting_for(actor, connection)
    await require_verified(uow, recorded_for)
    v = Validator()
    if cmd.value_vnd is not None and not 0 <= cmd.value_vnd <= VALUE_MAX_VND:
        v.add("valueVnd", ValidationCode.OUT_OF_RANGE, f"must be between 0 and {VALUE_MAX_VND}")
    if len(cmd.other_party_ids) > MAX_EXTRA_PARTIES:
        v.add("otherPartyIds", ValidationCode.TOO_LONG, f"allows at most {MAX_EXTRA_PARTIES}")
    v.check()
    if await uow.deals.live_of_connection(connection.id) is not None:
        raise Conflict(
            ConflictCode.ALREADY_EXISTS,
            "This connection already has a deal awaiting an answer or confirmed.",
        )
    parties = list(
        dict.fromkeys(
            [
                connection.requester_organization_id,
                connection.owner_organization_id,
                *cmd.other_party_ids,
            ]
        )
    )
    for org_id in parties[2:]:
        if await uow.organizations.get(org_id) is None:
            raise NotFound("Organization", org_id)
    assert actor.user_id is not None
    deal = await uow.deals.add(
        connection_id=connection.id,
        kind=cmd.kind,
        value_vnd=cmd.value_vnd,
        signed_on=cmd.signed_on,
        party_ids=parties,
        recorded_by=actor.user_id,
        recorded_for=recorded_for,
    )
    await audit_connection(
        uow,
        actor,
        connection,
        "deal_recorded",
        deal_id=deal.id,
        recorded_for=recorded_for,
        kind=cmd.kind.value,
        value_vnd=cmd.value_vnd,
        signed_on=cmd.signed_on,
        status=deal.status.value,
    )
    await notify_about_listing(
        uow,
        actor,
        _other_party(connection, recorded_for),
        connection,
        kind=NotificationKind.DEAL_RECORDED,
        text=deal_recorded_text,
    )
    await uow.commit()
    return deal


def _other_party(connection: Connection, organization_id: UUID) -> UUID:
    if organization_id == connection.requester_organization_id:
        return connection.owner_organization_id
    return connection.requester_organization_id


async def _pending_for_answer(
    uow: ExchangeUnitOfWork, actor: Actor, connection_id: UUID
) -> tuple[Connection, Deal]:
    connection = await readable_connection(uow, actor, connection_id)
    deal = await uow.deals.live_of_connection(connection.id)
    if deal is None or deal.status is not DealStatus.PENDING:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION, "This connection has no deal awaiting an answer."
        )
    answering_side = (
        connection.owner_organization_id
        if deal.recorded_for == connection.requester_organization_id
        else connection.requester_organization_id
    )
    # The recorder's own colleagues (or the recorder, if in both) do not confirm their word.
    if not actor.member_of(answering_side) or deal.recorded_by == actor.user_id:
        raise NotAllowed(
            NotAllowedCode.SAME_PARTY,
            "Only the other party of the connection confirms or disputes a deal.",
        )
    return connection, deal


async def _tell_recorder(
    uow: ExchangeUnitOfWork,
    actor: Actor,
    connection: Connection,
    deal: Deal,
    *,
    kind: NotificationKind,
    outcome: str,
) -> None:
    """The party that recorded the deal hears how the other one answered."""
    assert deal.recorded_for is not None
    await notify_about_listing(
        uow,
        actor,
        deal.recorded_for,
        connection,
        kind=kind,
        text=partial(deal_answered_text, outcome),
    )


async def confirm_deal(
    uow: ExchangeUnitOfWork, actor: Actor, *, connection_id: UUID
) -> tuple[Deal, Connection]:
    connection, deal = await _pending_for_answer(uow, actor, connection_id)
    check_transition(actor, connection, ConnectionStatus.DEAL)
    assert actor.user_id is not None
    confirmed = await uow.deals.answer(
        deal.id, status=DealStatus.CONFIRMED, answered_by=actor.user_id, reason=None
    )
    moved = await uow.connections.set_status(connection.id, ConnectionStatus.DEAL)
    # A confirmed deal is public open data (kind, date, parties): the feed publishes it.
    await uow.outbox.record(ListingChanged(EntityKind.DEAL, deal.id))
    await audit_connection(
        uow,
        actor,
        connection,
        "deal_confirmed",
        deal_id=deal.id,
        **{"from": connection.status.value, "to": ConnectionStatus.DEAL.value},
    )
    await _tell_recorder(
        uow, actor, connection, deal, kind=NotificationKind.DEAL_CONFIRMED, outcome="confirmed"
    )
    await uow.commit()
    return confirmed, moved


@dataclass(frozen=True, slots=True)
class DisputeDeal:
    connection_id: UUID
    reason: str


async def dispute_deal(uow: ExchangeUnitOfWork, actor: Actor, cmd: DisputeDeal) -> Deal:
    """The connection stays as it was; a corrected deal may be recorded afterwards."""
    connection, deal = await _pending_for_answer(uow, actor, cmd.connection_id)
    v = Validator()
    reason = v.text("reason", cmd.reason, min_len=1, max_len=NOTE_MAX)
    v.check()
    assert actor.user_id is not None
    disputed = await uow.deals.answer(
        deal.id, status=DealStatus.DISPUTED, answered_by=actor.user_id, reason=reason
    )
    await audit_connection(uow, actor, connection, "deal_disputed", deal_id=deal.id)
    await _tell_recorder(
        uow, actor, connection, deal, kind=NotificationKind.DEAL_DISPUTED, outcome="disputed"
    )
    await uow.commit()
    return disputed


async def deals_summary(
    uow: ExchangeUnitOfWork, actor: Actor, *, since: date | None, until: date | None
) -> list[DealTotals]:
    """Confirmed deals only: a deal one side recorded is a claim, not a statistic."""
    require_user(actor)
    # An aggregate without names: observers (ministry oversight) read it like operators.
    if not actor.is_observer:
        raise NotAllowed(
            NotAllowedCode.MISSING_ROLE, "Only operators and observers see the deals summary."
        )
    if since is not None and until is not None and since > until:
        v = Validator()
        v.add("until", ValidationCode.INVALID_COMBINATION, "must not be before since")
        v.check()
    return await uow.deals.totals(since=since, until=until)
