"""The change feed on real commits: projections, tombstones, commit order under concurrency,
schemas, and no confidential field."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.federation.feed import feed_handler, feed_item_json, read_feed
from db.outbox import OutboxDrainer
from db.tables import feed_items, outbox, technology_offers
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.events import Consumer
from domain.listings import OfferStatus
from domain.services import listings as lc
from federation.validation import StandardValidator
from tests.factories import make_offer, make_organization, make_user
from tests.federation.conftest import MARKER

BASE = "http://127.0.0.1:8000"


async def drain_feed(sessions: async_sessionmaker[AsyncSession]) -> int:
    drainer = OutboxDrainer(sessions, Consumer.FEED, feed_handler())
    total = 0
    while (stats := await drainer.drain_once()).handled:
        total += stats.handled
    return total


async def all_items(sessions: async_sessionmaker[AsyncSession]) -> list[dict[str, object]]:
    async with sessions() as s:
        return [feed_item_json(i, BASE) for i in await read_feed(s, 0, 100_000)]


async def test_a_listed_offer_appears_then_withdrawal_leaves_a_tombstone(
    committed: async_sessionmaker[AsyncSession],
) -> None:
    async with committed() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user)
        offer = await make_offer(
            s,
            owner.user,
            org,
            status=OfferStatus.LISTED,
            description=f"{MARKER} bản vẽ",
            contact_email="marker@example.vn",
            contact_name=MARKER,
        )
    await drain_feed(committed)
    items = await all_items(committed)
    mine = [i for i in items if i["id"] == str(offer.id)]
    assert [i["op"] for i in mine] == ["upsert"]
    record = mine[0]["record"]
    assert isinstance(record, dict)
    assert record["title"] == {"vi": offer.content.title}
    assert record["provinceOfficialCode"] == "82"  # Đồng Tháp
    validator = StandardValidator(BASE)
    for item in items:
        assert validator.feed_item_errors(item) == [], item
    text = json.dumps(items, ensure_ascii=False)
    assert MARKER not in text
    assert "marker@example.vn" not in text

    # Re-handling the same change adds nothing: the projection did not change.
    async with committed() as s:
        await SqlUnitOfWork(s).outbox.record(lc_event(offer.id))
        await s.commit()
    await drain_feed(committed)
    assert len(await all_items(committed)) == len(items)

    async with committed() as s:
        uow = SqlUnitOfWork(s)
        actor = Actor(user_id=owner.user.id, memberships={org.id: MemberRole.OWNER})
        await lc.withdraw_offer(
            uow, actor, offer_id=offer.id, reason="Ngừng chào bán", now=datetime.now(UTC)
        )
    await drain_feed(committed)
    after = [i for i in await all_items(committed) if i["id"] == str(offer.id)]
    assert [i["op"] for i in after] == ["upsert", "delete"]
    assert after[-1]["record"] is None
    assert after[-1]["event"] == "offer.deleted"


def lc_event(offer_id):  # type: ignore[no-untyped-def]
    from domain.events import EntityKind, ListingChanged

    return ListingChanged(EntityKind.OFFER, offer_id)


async def test_concurrent_writers_and_builders_never_make_a_reader_skip(
    committed: async_sessionmaker[AsyncSession],
) -> None:
    """Writers commit changes while two feed builders drain and a reader pages by cursor.
    The reader, following its cursor, must end up with every item exactly once."""
    async with committed() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user)
        offers = [
            (await make_offer(s, owner.user, org, status=OfferStatus.LISTED)).id for _ in range(6)
        ]
    await drain_feed(committed)
    async with committed() as s:
        start = int(await s.scalar(select(func.max(feed_items.c.position))) or 0)

    writers_done = asyncio.Event()

    async def writer(n: int) -> None:
        rng = random.Random(n)
        for step in range(25):
            async with committed() as s:
                offer_id = rng.choice(offers)
                await s.execute(
                    technology_offers.update()
                    .where(technology_offers.c.id == offer_id)
                    .values(summary=f"tóm tắt {n}-{step}")
                )
                await SqlUnitOfWork(s).outbox.record(lc_event(offer_id))
                await asyncio.sleep(rng.random() / 200)  # hold the transaction open a while
                await s.commit()

    async def builder() -> None:
        drainer = OutboxDrainer(committed, Consumer.FEED, feed_handler(), batch_size=7)
        while not writers_done.is_set() or await pending(committed):
            await drainer.drain_once()
            await asyncio.sleep(0)

    seen: list[int] = []

    async def reader() -> None:
        cursor = start
        while True:
            async with committed() as s:
                page = await read_feed(s, cursor, 5)
            seen.extend(i.position for i in page)
            if page:
                cursor = page[-1].position
            elif writers_done.is_set() and not await pending(committed):
                async with committed() as s:
                    if not await read_feed(s, cursor, 1):
                        return
            await asyncio.sleep(0.001)

    async def writers() -> None:
        await asyncio.gather(*(writer(n) for n in range(4)))
        writers_done.set()

    await asyncio.wait_for(asyncio.gather(writers(), builder(), builder(), reader()), 120)
    async with committed() as s:
        final = list(
            (
                await s.scalars(
                    select(feed_items.c.position)
                    .where(feed_items.c.position > start)
                    .order_by(feed_items.c.position)
                )
            ).all()
        )
    assert seen == final  # nothing skipped, nothing twice, in order
    assert final == list(range(start + 1, start + 1 + len(final)))  # dense
    assert len(final) > 10


async def pending(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as s:
        return int(
            await s.scalar(select(func.count()).where(outbox.c.consumer == Consumer.FEED.value))
            or 0
        )
