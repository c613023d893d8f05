"""Storage of the province's sync: its cursors, the peer it pulls from, and what it reads of
its own feed to push (db side of domain/federation/sync.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, union_all
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import (
    federated_records,
    federation_peers,
    feed_items,
    needs,
    organizations,
    sync_cursors,
    technology_offers,
)


def _uuids(ids: Sequence[str]) -> list[UUID]:
    out = []
    for value in ids:
        try:
            out.append(UUID(value))
        except ValueError:
            continue  # another exchange's id scheme: never one of ours
    return out


class SqlSyncPeers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def organization_of(self, code: str, name: str) -> UUID:
        # Two syncs starting together must not make two organisations for one peer.
        await self._session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext("federation-peer:" + code)))
        )
        found: UUID | None = await self._session.scalar(
            select(federation_peers.c.organization_id).where(federation_peers.c.code == code)
        )
        if found is not None:
            return found
        organization_id: UUID = (
            await self._session.execute(
                organizations.insert()
                .values(name=name[:200], kind="agency", province_code=None)
                .returning(organizations.c.id)
            )
        ).scalar_one()
        await self._session.execute(
            federation_peers.insert().values(code=code, name=name, organization_id=organization_id)
        )
        return organization_id

    async def cursor(self, name: str) -> str | None:
        value: str | None = await self._session.scalar(
            select(sync_cursors.c.cursor).where(sync_cursors.c.name == name)
        )
        return value

    async def save_cursor(self, name: str, cursor: str) -> None:
        stmt = insert(sync_cursors).values(name=name, cursor=cursor)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[sync_cursors.c.name],
                set_={"cursor": stmt.excluded.cursor, "updated_at": func.clock_timestamp()},
            )
        )

    async def own_listing_ids(self, ids: Sequence[str]) -> set[str]:
        wanted = _uuids(ids)
        if not wanted:
            return set()
        local = union_all(
            select(technology_offers.c.id).where(technology_offers.c.id.in_(wanted)),
            select(needs.c.id).where(needs.c.id.in_(wanted)),
        ).subquery()
        rows = await self._session.execute(
            select(local.c.id).where(
                ~select(federated_records.c.entity_id)
                .where(federated_records.c.entity_id == local.c.id)
                .exists()
            )
        )
        return {str(r.id) for r in rows}


async def last_public_records(
    session: AsyncSession, before: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], dict[str, Any]]:
    """For each (record id, tombstone position): the record as the feed last published it."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for record_id, position in before:  # tombstones are rare: one indexed lookup each
        record = await session.scalar(
            select(feed_items.c.record)
            .where(
                feed_items.c.record_id == UUID(record_id),
                feed_items.c.position < position,
                feed_items.c.op == "upsert",
            )
            .order_by(feed_items.c.position.desc())
            .limit(1)
        )
        if record is not None:
            out[(record_id, position)] = record
    return out
