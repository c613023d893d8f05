"""Use cases of connections (expressions of interest), their message threads and deals.

Each writes its change, exactly one audit entry and the notifications it causes, then commits
once. Audit entries carry ids, statuses and codes, never the intro, a message body or a
decline note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from domain.accounts import Actor
from domain.connections import (
    INTRO_MAX,
    MESSAGE_MAX,
    MESSAGING,
    NDA_VERSION,
    NOTE_MAX,
    Connection,
    ConnectionMessage,
    ConnectionStatus,
    DeclineReason,
    Side,
    can_read,
    check_transition,
    connection_kind,
    listing_is_public,
    listing_is_requestable,
    sides_of,
)
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.exchange_ports import ExchangeUnitOfWork, ListingSummary
from domain.notifications import (
    NewNotification,
    NotificationKind,
    connection_answered_text,
    connection_requested_text,
    message_received_text,
)
from domain.services.accounts import require_user, require_verified_email


async def listing_of(uow: ExchangeUnitOfWork, listing_id: UUID) -> ListingSummary:
    listing = await uow.listing_lookup.summary(listing_id)
    if listing is None:
        raise NotFound("Listing", listing_id)
    return listing


async def readable_connection(
    uow: ExchangeUnitOfWork, actor: Actor, connection_id: UUID
) -> Connection:
    require_user(actor)
    found = await uow.connections.get(connection_id)
    # Outsiders learn nothing about a connection, not even that it exists.
    if found is None or not can_read(actor, found):
        raise NotFound("Connection", connection_id)
    return found


async def audit_connection(
    uow: ExchangeUnitOfWork, actor: Actor, connection: Connection, action: str, **data: Any
) -> None:
    await uow.audit.record(
        actor_id=actor.user_id,
        action=f"connection.{action}",
        entity_kind="connection",
        entity_id=connection.id,
        data={k: (str(v) if isinstance(v, UUID | date) else v) for k, v in data.items()},
    )


async def notify_party(
    uow: ExchangeUnitOfWork,
    actor: Actor,
    organization_id: UUID,
    connection: Connection,
    *,
    kind: NotificationKind,
    text: str,
) -> None:
    await uow.notifications.add_for_members(
        organization_id,
        NewNotification(
            user_id=connection.requested_by,
            kind=kind,
            subject_kind="connection",
            subject_id=connection.id,
            text=text,
        ),
        except_user=actor.user_id,
    )


async def notify_about_listing(
    uow: ExchangeUnitOfWork,
    actor: Actor,
    organization_id: UUID,
    connection: Connection,
    *,
    kind: NotificationKind,
    text: Callable[[str], str],
) -> None:
    """`notify_party` with a text naming the connection's listing by its public title."""
    listing = await listing_of(uow, connection.listing_id)
    await notify_party(uow, actor, organization_id, connection, kind=kind, text=text(listing.title))


def other_side(actor: Actor, connection: Connection) -> UUID:
    """The organisation to tell about what the actor did."""
    if Side.REQUESTER in sides_of(actor, connection):
        return connection.owner_organization_id
    return connection.requester_organization_id


@dataclass(frozen=True, slots=True)
class RequestConnection:
    listing_id: UUID
    requester_organization_id: UUID
    intro: str = ""
    acknowledge_nda: bool = False


async def request_connection(
    uow: ExchangeUnitOfWork, actor: Actor, cmd: RequestConnection
) -> Connection:
    user_id = require_user(actor)
    requester = await uow.organizations.get(cmd.requester_organization_id)
    if requester is None:
        raise NotFound("Organization", cmd.requester_organization_id)
    if not actor.member_of(requester.id):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER,
            "Only members of the requesting organisation may request on its behalf.",
        )
    require_verified_email(actor)
    listing = await listing_of(uow, cmd.listing_id)
    if not listing_is_requestable(listing.kind, listing.status):
        # A listing the caller may not see reads as missing; a public one that no longer
        # takes requests (an awarded need, a transferred offer) is a conflict.
        if not (
            listing_is_public(listing.kind, listing.status)
            or actor.is_staff
            or actor.member_of(listing.organization_id)
        ):
            raise NotFound("Listing", cmd.listing_id)
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This listing does not take requests now.")
    v = Validator()
    intro = v.text("intro", cmd.intro, min_len=0, max_len=INTRO_MAX)
    kind = connection_kind(listing.kind, requester.kind)
    if kind is None:
        v.add("listingId", ValidationCode.INVALID_CHOICE, "does not take connection requests")
    if listing.organization_id == requester.id:
        v.add(
            "requesterOrganizationId",
            ValidationCode.INVALID_COMBINATION,
            "owns this listing; an organisation does not connect to itself",
        )
    v.check()
    assert kind is not None
    if await uow.connections.open_exists(listing.id, requester.id):
        raise Conflict(
            ConflictCode.ALREADY_EXISTS,
            "Your organisation already has an open request for this listing.",
        )
    connection = await uow.connections.add(
        kind=kind,
        listing=listing,
        requester_organization_id=requester.id,
        requested_by=user_id,
        intro=intro,
        nda_version=NDA_VERSION if cmd.acknowledge_nda else None,
    )
    await audit_connection(
        uow,
        actor,
        connection,
        "requested",
        kind=kind.value,
        listing_kind=listing.kind.value,
        listing_id=listing.id,
        requester_organization_id=requester.id,
        nda_version=connection.nda_version,
    )
    await notify_party(
        uow,
        actor,
        listing.organization_id,
        connection,
        kind=NotificationKind.CONNECTION_REQUESTED,
        text=connection_requested_text(kind.value, listing.title),
    )
    await uow.commit()
    return connection


async def acknowledge_nda(
    uow: ExchangeUnitOfWork, actor: Actor, *, connection_id: UUID
) -> Connection:
    """The requester accepts the platform NDA; an accepted connection then opens the
    listing's confidential fields to the requester organisation."""
    connection = await readable_connection(uow, actor, connection_id)
    if Side.REQUESTER not in sides_of(actor, connection):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER,
            "Only members of the requesting organisation acknowledge the NDA.",
        )
    if connection.nda_acknowledged:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "The NDA is already acknowledged.")
    if connection.status not in MESSAGING:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            f"The connection is {connection.status.value}; there is nothing to acknowledge.",
        )
    assert actor.user_id is not None
    updated = await uow.connections.acknowledge_nda(
        connection.id, user_id=actor.user_id, version=NDA_VERSION
    )
    await audit_connection(uow, actor, updated, "nda_acknowledged", nda_version=NDA_VERSION)
    await uow.commit()
    return updated


async def accept_connection(
    uow: ExchangeUnitOfWork, actor: Actor, *, connection_id: UUID
) -> Connection:
    return await _move(uow, actor, connection_id, ConnectionStatus.ACCEPTED)


async def start_negotiation(
    uow: ExchangeUnitOfWork, actor: Actor, *, connection_id: UUID
) -> Connection:
    return await _move(uow, actor, connection_id, ConnectionStatus.NEGOTIATING)


async def close_connection(
    uow: ExchangeUnitOfWork, actor: Actor, *, connection_id: UUID
) -> Connection:
    """Withdraw a pending request (requester) or end a conversation (either party)."""
    return await _move(uow, actor, connection_id, ConnectionStatus.CLOSED)


async def _move(
    uow: ExchangeUnitOfWork, actor: Actor, connection_id: UUID, target: ConnectionStatus
) -> Connection:
    connection = await readable_connection(uow, actor, connection_id)
    rule = check_transition(actor, connection, target)
    moved = await uow.connections.set_status(connection.id, target)
    return await _answered(
        uow,
        actor,
        connection,
        moved,
        rule.action,
        target=target,
        notify=other_side(actor, connection),
    )


async def _answered(
    uow: ExchangeUnitOfWork,
    actor: Actor,
    before: Connection,
    moved: Connection,
    action: str,
    *,
    target: ConnectionStatus,
    notify: UUID,
    **audit: Any,
) -> Connection:
    """A move's audit entry (`audit`, from, to) and the other party's notification, committed."""
    await audit_connection(
        uow, actor, moved, action, **audit, **{"from": before.status.value, "to": target.value}
    )
    await notify_about_listing(
        uow,
        actor,
        notify,
        before,
        kind=NotificationKind.CONNECTION_ANSWERED,
        text=partial(connection_answered_text, target.value),
    )
    await uow.commit()
    return moved


@dataclass(frozen=True, slots=True)
class DeclineConnection:
    connection_id: UUID
    reason: DeclineReason
    note: str | None = None


async def decline_connection(
    uow: ExchangeUnitOfWork, actor: Actor, cmd: DeclineConnection
) -> Connection:
    connection = await readable_connection(uow, actor, cmd.connection_id)
    rule = check_transition(actor, connection, ConnectionStatus.DECLINED)
    v = Validator()
    note = v.text(
        "note", cmd.note, min_len=1 if cmd.reason is DeclineReason.OTHER else 0, max_len=NOTE_MAX
    )
    v.check()
    moved = await uow.connections.set_status(
        connection.id,
        ConnectionStatus.DECLINED,
        decline_reason=cmd.reason,
        decline_note=note or None,
    )
    return await _answered(
        uow,
        actor,
        connection,
        moved,
        rule.action,
        target=ConnectionStatus.DECLINED,
        notify=connection.requester_organization_id,
        reason=cmd.reason.value,
    )


@dataclass(frozen=True, slots=True)
class PostMessage:
    connection_id: UUID
    body: str


async def post_message(
    uow: ExchangeUnitOfWork, actor: Actor, cmd: PostMessage
) -> ConnectionMessage:
    """The two parties write; operators read (they moderate, they do not negotiate)."""
    connection = await readable_connection(uow, actor, cmd.connection_id)
    sides = sides_of(actor, connection)
    if not sides.intersection({Side.REQUESTER, Side.OWNER}):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER, "Only the two parties write in a connection's thread."
        )
    v = Validator()
    body = v.text("body", cmd.body, min_len=1, max_len=MESSAGE_MAX)
    v.check()
    if connection.status not in MESSAGING:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            f"The connection is {connection.status.value}; its thread is closed.",
        )
    assert actor.user_id is not None
    message = await uow.connections.add_message(
        connection_id=connection.id, author_id=actor.user_id, body=body
    )
    await audit_connection(uow, actor, connection, "message_posted", message_id=message.id)
    await notify_about_listing(
        uow,
        actor,
        other_side(actor, connection),
        connection,
        kind=NotificationKind.MESSAGE_RECEIVED,
        text=message_received_text,
    )
    await uow.commit()
    return message
