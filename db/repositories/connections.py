"""Repositories for connections, their messages and deals, and the listing lookup they use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Select,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.sql.elements import ColumnElement

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.rows import from_row
from db.tables import (
    connection_messages,
    connections,
    deal_parties,
    deals,
    initiatives,
    memberships,
    needs,
    technology_offers,
)
from domain.connections import (
    GRANTING,
    OPEN,
    Connection,
    ConnectionKind,
    ConnectionMessage,
    ConnectionStatus,
    DeclineReason,
)
from domain.deals import LIVE_DEAL, Deal, DealKind, DealStatus, DealTotals
from domain.exchange_ports import ListingSummary
from domain.listings import ListingKind


def connection_from_row(row: Any) -> Connection:
    return from_row(
        Connection,
        row,
        kind=ConnectionKind(row.kind),
        listing_kind=ListingKind(row.listing_kind),
        status=ConnectionStatus(row.status),
        decline_reason=DeclineReason(row.decline_reason) if row.decline_reason else None,
    )


def message_from_row(row: Any) -> ConnectionMessage:
    return from_row(ConnectionMessage, row)


def connection_grant(user_id: UUID, listing_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """True when the user is a member of the requester organisation of a live connection to
    this listing whose NDA is acknowledged (domain/connections.py). One arm of the listings'
    `granted_clause`."""
    return exists().where(
        connections.c.listing_id == listing_id,
        connections.c.status.in_([s.value for s in GRANTING]),
        connections.c.nda_acknowledged_at.is_not(None),
        memberships.c.organization_id == connections.c.requester_organization_id,
        memberships.c.user_id == user_id,
    )


def _summaries(where: Any) -> Select[Any]:
    """One statement over every listing kind that can be reviewed or connected to."""
    # Needs are not versioned: they read as revision 0.
    parts = [
        select(
            literal(kind.value).label("kind"),
            table.c.id,
            table.c.organization_id,
            table.c.status,
            table.c.title,
            table.c.revision if "revision" in table.c else literal(0).label("revision"),
        ).where(where(table.c.id))
        for kind, table in (
            (ListingKind.INITIATIVE, initiatives),
            (ListingKind.OFFER, technology_offers),
            (ListingKind.NEED, needs),
        )
    ]
    return select(union_all(*parts).subquery())


def _summary(row: Any) -> ListingSummary:
    return from_row(ListingSummary, row, kind=ListingKind(row.kind))


class SqlListingLookup(SqlRepository):
    async def summary(self, listing_id: UUID) -> ListingSummary | None:
        row = (await self._session.execute(_summaries(lambda c: c == listing_id))).first()
        return _summary(row) if row else None

    async def summaries(self, listing_ids: Sequence[UUID]) -> list[ListingSummary]:
        return await self._all(_summaries(lambda c: c.in_(listing_ids)), _summary)


class SqlConnectionRepository(SqlRepository):
    async def add(
        self,
        *,
        kind: ConnectionKind,
        listing: ListingSummary,
        requester_organization_id: UUID,
        requested_by: UUID,
        intro: str,
        nda_version: str | None,
    ) -> Connection:
        acknowledged = nda_version is not None
        return await self._one(
            connections.insert()
            .values(
                kind=kind.value,
                listing_kind=listing.kind.value,
                listing_id=listing.id,
                owner_organization_id=listing.organization_id,
                requester_organization_id=requester_organization_id,
                requested_by=requested_by,
                intro=intro,
                nda_version=nda_version,
                nda_acknowledged_by=requested_by if acknowledged else None,
                nda_acknowledged_at=func.clock_timestamp() if acknowledged else None,
            )
            .returning(*connections.c),
            connection_from_row,
        )

    async def get(self, connection_id: UUID) -> Connection | None:
        return await self._first(
            select(connections).where(connections.c.id == connection_id).with_for_update(),
            connection_from_row,
        )

    async def get_many(self, connection_ids: Sequence[UUID]) -> list[Connection]:
        return await self._all(
            select(connections).where(connections.c.id.in_(connection_ids)), connection_from_row
        )

    async def open_exists(self, listing_id: UUID, requester_organization_id: UUID) -> bool:
        found = await self._session.scalar(
            select(connections.c.id).where(
                connections.c.listing_id == listing_id,
                connections.c.requester_organization_id == requester_organization_id,
                connections.c.status.in_([s.value for s in OPEN]),
            )
        )
        return found is not None

    async def set_status(
        self,
        connection_id: UUID,
        status: ConnectionStatus,
        *,
        decline_reason: DeclineReason | None = None,
        decline_note: str | None = None,
    ) -> Connection:
        return await self._one(
            update(connections)
            .where(connections.c.id == connection_id)
            .values(
                status=status.value,
                decline_reason=decline_reason.value if decline_reason else None,
                decline_note=decline_note,
                updated_at=func.clock_timestamp(),
            )
            .returning(*connections.c),
            connection_from_row,
        )

    async def acknowledge_nda(
        self, connection_id: UUID, *, user_id: UUID, version: str
    ) -> Connection:
        return await self._one(
            update(connections)
            .where(connections.c.id == connection_id)
            .values(
                nda_version=version,
                nda_acknowledged_by=user_id,
                nda_acknowledged_at=func.clock_timestamp(),
                updated_at=func.clock_timestamp(),
            )
            .returning(*connections.c),
            connection_from_row,
        )

    async def page_for_organizations(
        self,
        organization_ids: Sequence[UUID] | None,
        *,
        after: list[Any] | None,
        first: int,
        status: ConnectionStatus | None = None,
    ) -> list[Connection]:
        """Connections where one of the organisations is a party (None: every connection, for
        operators), newest first, keyset on (created_at, id)."""
        stmt = select(connections)
        if organization_ids is not None:
            stmt = stmt.where(
                or_(
                    connections.c.requester_organization_id.in_(organization_ids),
                    connections.c.owner_organization_id.in_(organization_ids),
                )
            )
        if status is not None:
            stmt = stmt.where(connections.c.status == status.value)
        order = [connections.c.created_at, connections.c.id]
        return await self._all(
            keyset_page(stmt, order, after, first, descending=True), connection_from_row
        )

    async def add_message(
        self, *, connection_id: UUID, author_id: UUID, body: str
    ) -> ConnectionMessage:
        row = (
            await self._session.execute(
                connection_messages.insert()
                .values(connection_id=connection_id, author_id=author_id, body=body)
                .returning(*connection_messages.c)
            )
        ).one()
        await self._session.execute(
            update(connections)
            .where(connections.c.id == connection_id)
            .values(updated_at=func.clock_timestamp())
        )
        return message_from_row(row)

    async def messages(self, message_ids: Sequence[UUID]) -> list[ConnectionMessage]:
        """Messages by id, for node(id:); the caller checks who may read their connection."""
        return await self._all(
            select(connection_messages).where(connection_messages.c.id.in_(message_ids)),
            message_from_row,
        )

    async def messages_page(
        self, connection_id: UUID, *, after: list[Any] | None, first: int
    ) -> list[ConnectionMessage]:
        """The thread, oldest first, keyset on (created_at, id)."""
        stmt = select(connection_messages).where(
            connection_messages.c.connection_id == connection_id
        )
        order = [connection_messages.c.created_at, connection_messages.c.id]
        return await self._all(keyset_page(stmt, order, after, first), message_from_row)

    async def messages_pages(
        self, connection_ids: Sequence[UUID], *, after: list[Any] | None, first: int
    ) -> dict[UUID, list[ConnectionMessage]]:
        """The same page of several threads in one statement (a LATERAL keyset page each)."""
        id_array = bindparam("ids", list(connection_ids), type_=ARRAY(PG_UUID(as_uuid=True)))
        ids = select(func.unnest(id_array, type_=PG_UUID(as_uuid=True)).label("id")).subquery()
        order = [connection_messages.c.created_at, connection_messages.c.id]
        page = keyset_page(
            select(connection_messages).where(connection_messages.c.connection_id == ids.c.id),
            order,
            after,
            first,
        ).lateral("page")
        rows = await self._session.execute(select(page).select_from(ids.join(page, true())))
        found: dict[UUID, list[ConnectionMessage]] = {i: [] for i in connection_ids}
        for row in rows:
            found[row.connection_id].append(message_from_row(row))
        return found


def _deals_with_parties() -> Select[Any]:
    parties = (
        select(
            func.array_agg(
                aggregate_order_by(deal_parties.c.organization_id, deal_parties.c.position)
            )
        )
        .where(deal_parties.c.deal_id == deals.c.id)
        .scalar_subquery()
    )
    return select(deals, parties.label("party_ids"))


def deal_from_row(row: Any, party_ids: Sequence[UUID] | None = None) -> Deal:
    return from_row(
        Deal,
        row,
        kind=DealKind(row.kind),
        status=DealStatus(row.status),
        party_ids=tuple(party_ids if party_ids is not None else (row.party_ids or ())),
    )


class SqlDealRepository(SqlRepository):
    async def add(
        self,
        *,
        connection_id: UUID,
        kind: DealKind,
        value_vnd: int | None,
        signed_on: date,
        party_ids: Sequence[UUID],
        recorded_by: UUID,
        recorded_for: UUID,
    ) -> Deal:
        row = (
            await self._session.execute(
                deals.insert()
                .values(
                    connection_id=connection_id,
                    kind=kind.value,
                    value_vnd=value_vnd,
                    signed_on=signed_on,
                    recorded_by=recorded_by,
                    recorded_for=recorded_for,
                )
                .returning(*deals.c)
            )
        ).one()
        await self._session.execute(
            deal_parties.insert(),
            [
                {"deal_id": row.id, "organization_id": org_id, "position": i}
                for i, org_id in enumerate(party_ids)
            ],
        )
        return deal_from_row(row, party_ids)

    async def live_of_connection(self, connection_id: UUID) -> Deal | None:
        """The pending or confirmed deal of a connection, locked for the answer."""
        return await self._first(
            _deals_with_parties()
            .where(
                deals.c.connection_id == connection_id,
                deals.c.status.in_([s.value for s in LIVE_DEAL]),
            )
            .with_for_update(of=deals),
            deal_from_row,
        )

    async def answer(
        self, deal_id: UUID, *, status: DealStatus, answered_by: UUID, reason: str | None
    ) -> Deal:
        await self._session.execute(
            update(deals)
            .where(deals.c.id == deal_id)
            .values(
                status=status.value,
                answered_by=answered_by,
                answered_at=func.clock_timestamp(),
                dispute_reason=reason,
            )
        )
        return await self._one(_deals_with_parties().where(deals.c.id == deal_id), deal_from_row)

    async def get_many(self, deal_ids: Sequence[UUID]) -> list[Deal]:
        """Deals by id, for node(id:); the caller checks who may read their connection."""
        return await self._all(_deals_with_parties().where(deals.c.id.in_(deal_ids)), deal_from_row)

    async def of_connections(self, connection_ids: Sequence[UUID]) -> list[Deal]:
        """Every deal of the connections, oldest first (a disputed one may precede the live)."""
        return await self._all(
            _deals_with_parties()
            .where(deals.c.connection_id.in_(connection_ids))
            .order_by(deals.c.created_at, deals.c.id),
            deal_from_row,
        )

    async def totals(self, *, since: date | None, until: date | None) -> list[DealTotals]:
        """Count and disclosed value per kind, for confirmed deals signed in [since, until]:
        a deal one side recorded and the other has not confirmed does not count."""
        stmt = (
            select(
                deals.c.kind,
                func.count().label("n"),
                func.coalesce(func.sum(deals.c.value_vnd), 0).label("total"),
                func.count().filter(deals.c.value_vnd.is_(None)).label("undisclosed"),
            )
            .where(deals.c.status == DealStatus.CONFIRMED.value)
            .group_by(deals.c.kind)
        )
        if since is not None:
            stmt = stmt.where(deals.c.signed_on >= since)
        if until is not None:
            stmt = stmt.where(deals.c.signed_on <= until)
        found = {r.kind: r for r in await self._session.execute(stmt)}
        return [
            DealTotals(
                kind=kind,
                count=found[kind.value].n if kind.value in found else 0,
                total_value_vnd=int(found[kind.value].total) if kind.value in found else 0,
                undisclosed=found[kind.value].undisclosed if kind.value in found else 0,
            )
            for kind in DealKind
        ]
