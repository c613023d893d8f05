"""The change feed: built by the outbox consumer `Consumer.FEED`, read by `changes` and `/feed`.

The builder takes a transaction-scoped advisory lock before assigning positions, so builders
(one per worker) queue and each commits before the next assigns: positions are dense and
increase in commit order, and a reader paging by `position > cursor` never skips an item that
commits later. Each change becomes one item holding the record's public projection at that
moment; a projection equal to the last one published adds nothing, and a record that leaves
its public states gets one tombstone. Webhook deliveries are written in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.federation.projection import public_records
from db.federation.signals import SYNC_CHANNEL, WEBHOOK_CHANNEL, notify
from db.outbox import Handler
from db.tables import feed_items, feed_state, webhook_deliveries, webhook_subscriptions
from domain.events import EntityKind, ListingChanged
from domain.federation.feed import ChangeOp, FeedItem, RecordType, record_hash

_FEED_LOCK = 0x1D_FEED  # advisory lock key of the feed builder

RECORD_TYPE_OF: dict[EntityKind, RecordType] = {
    EntityKind.INITIATIVE: RecordType.INITIATIVE,
    EntityKind.OFFER: RecordType.OFFER,
    EntityKind.NEED: RecordType.NEED,
    EntityKind.ORGANIZATION: RecordType.ORGANIZATION,
    EntityKind.DEAL: RecordType.DEAL,
}


async def build_feed(session: AsyncSession, events: Sequence[ListingChanged]) -> list[FeedItem]:
    """Append the items `events` call for; returns them (in position order)."""
    wanted: dict[RecordType, list[UUID]] = defaultdict(list)
    for event in events:
        record_type = RECORD_TYPE_OF.get(event.kind)
        if record_type is not None and event.entity_id not in wanted[record_type]:
            wanted[record_type].append(event.entity_id)
    if not wanted:
        return []
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _FEED_LOCK})
    position = int(
        await session.scalar(select(func.coalesce(func.max(feed_items.c.position), 0))) or 0
    )
    now = datetime.now().astimezone()
    items: list[FeedItem] = []
    states: list[dict[str, Any]] = []
    for record_type, ids in wanted.items():
        current = await public_records(session, record_type, ids)
        last = {
            r.record_id: r.record_hash
            for r in await session.execute(
                select(feed_state.c.record_id, feed_state.c.record_hash).where(
                    feed_state.c.record_type == record_type.value,
                    feed_state.c.record_id.in_(ids),
                )
            )
        }
        for record_id in ids:
            record = current.get(record_id)
            if record is None:
                if last.get(record_id) is None:  # never published, or already tombstoned
                    continue
                op, digest = ChangeOp.DELETE, None
            else:
                digest = record_hash(record)
                if last.get(record_id) == digest:
                    continue
                op = ChangeOp.UPSERT
            position += 1
            items.append(FeedItem(position, record_type, str(record_id), op, record, now))
            states.append(
                {
                    "record_type": record_type.value,
                    "record_id": record_id,
                    "record_hash": digest,
                    "position": position,
                }
            )
    if states:
        stmt = insert(feed_state)
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=[feed_state.c.record_type, feed_state.c.record_id],
                set_={"record_hash": stmt.excluded.record_hash, "position": stmt.excluded.position},
            ),
            states,
        )
    if items:
        await session.execute(
            feed_items.insert(),
            [
                {
                    "position": i.position,
                    "record_type": i.record_type.value,
                    "record_id": UUID(i.record_id),
                    "op": i.op.value,
                    "record": i.record,
                }
                for i in items
            ],
        )
        await _queue_webhooks(session, items)
        # A province's sync (if one runs against this database) pushes new changes at once.
        await notify(session, SYNC_CHANNEL)
    return items


async def _queue_webhooks(session: AsyncSession, items: Sequence[FeedItem]) -> None:
    subscriptions = (
        await session.execute(
            select(webhook_subscriptions.c.id, webhook_subscriptions.c.event_types).where(
                webhook_subscriptions.c.status == "active"
            )
        )
    ).all()
    if not subscriptions:
        return
    rows = [
        {
            "subscription_id": sub.id,
            "message_id": f"msg_{item.position}_{sub.id.hex[:12]}",
            "event_type": item.event_type,
            "feed_position": item.position,
            "payload": {
                "type": item.event_type,
                "timestamp": item.committed_at.isoformat(),
                "data": feed_item_json(item, base_url=None),
            },
        }
        for item in items
        for sub in subscriptions
        if item.event_type in sub.event_types
    ]
    if rows:
        await session.execute(insert(webhook_deliveries).on_conflict_do_nothing(), rows)
        await notify(session, WEBHOOK_CHANNEL)  # the sender wakes once this commits


def feed_handler() -> Handler:
    async def handle(session: AsyncSession, events: Sequence[ListingChanged]) -> None:
        await build_feed(session, events)

    return handle


def feed_item_json(item: FeedItem, base_url: str | None) -> dict[str, Any]:
    """One feed item as published (NDJSON line, GraphQL JSON, webhook data)."""
    from domain.federation.standard import schema_url

    return {
        "cursor": item.cursor,
        "type": item.record_type.value,
        "id": item.record_id,
        "op": item.op.value,
        "event": item.event_type,
        "committedAt": item.committed_at.isoformat(),
        "schema": schema_url(base_url or "", item.record_type.value)
        if base_url
        else f"/schemas/v1/{item.record_type.value}.json",
        "record": item.record,
    }


async def read_feed(
    session: AsyncSession,
    after: int,
    limit: int,
    record_types: Sequence[RecordType] | None = None,
) -> list[FeedItem]:
    stmt = select(feed_items).where(feed_items.c.position > after)
    if record_types:
        stmt = stmt.where(feed_items.c.record_type.in_([t.value for t in record_types]))
    rows = await session.execute(stmt.order_by(feed_items.c.position).limit(limit))
    return [
        FeedItem(
            r.position,
            RecordType(r.record_type),
            str(r.record_id),
            ChangeOp(r.op),
            r.record,
            r.committed_at,
        )
        for r in rows
    ]


async def feed_head(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(feed_items.c.position), 0))) or 0)
