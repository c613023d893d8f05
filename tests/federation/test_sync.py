"""The province's sync with its centre, in one process: the centre's app over ASGI, each
exchange on a database of its own, their feeds built by the real feed consumer.
(tests/e2e/test_two_exchanges.py runs the same with real processes and kill -9.)"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook

from api.app import create_app
from api.deps import ApiDeps
from db.engine import make_engine, make_sessionmaker
from db.federation.feed import feed_handler
from db.federation.signals import SYNC_CHANNEL, Wakeup
from db.tables import federated_records, needs, technology_offers
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.events import Consumer
from domain.federation.keys import ApiKeyScope
from domain.listings import NeedStatus, OfferStatus
from domain.services import federation as fc
from domain.services.federation_sync import Peer
from domain.services.listings import mark_offer_negotiating, withdraw_offer
from federation.sync import RUN_LOCK, FederationSync, SyncConfig, SyncRefused
from federation.validation import StandardValidator
from innovex.worker import Worker
from tests.conftest import FAST_HASHER, scratch_database
from tests.factories import make_need, make_offer, make_organization, make_user, receipt_signer
from tests.federation.conftest import MARKER


@pytest.fixture(scope="module")
def centre_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_centre") as url:
        yield url


@pytest.fixture(scope="module")
def province_url(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_province") as url:
        yield url


@dataclass
class Exchange:
    sessions: async_sessionmaker[AsyncSession]

    async def build_feed(self) -> None:
        await Worker(self.sessions, {Consumer.FEED: feed_handler()}).run_once()

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.sessions() as s:
            return await s.scalar(text(sql), params)


@pytest.fixture
async def centre(centre_url: str) -> AsyncIterator[Exchange]:
    engine = make_engine(centre_url, pool_size=4)
    yield Exchange(make_sessionmaker(engine))
    await engine.dispose()


@pytest.fixture
async def province(province_url: str) -> AsyncIterator[Exchange]:
    engine = make_engine(province_url, pool_size=4)
    yield Exchange(make_sessionmaker(engine))
    await engine.dispose()


async def centre_key(centre: Exchange, scopes: frozenset[ApiKeyScope]) -> str:
    async with centre.sessions() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user, name="Sở KH&CN Đà Nẵng")
        actor = Actor(
            email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
        )
        issued = await fc.create_api_key(
            SqlUnitOfWork(s),
            actor,
            fc.CreateApiKey(org.id, "province sync", scopes, rate_limit_per_minute=60_000),
            datetime.now(UTC),
        )
        return issued.secret


def syncing(province: Exchange, centre: Exchange, key: str) -> FederationSync:
    app = create_app(
        ApiDeps(
            sessions=centre.sessions,
            password_hasher=FAST_HASHER,
            receipt_signer=receipt_signer(),
        )
    )
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    config = SyncConfig(
        centre_url="http://centre",
        key=key,
        peer=Peer("centre", "Sàn giao dịch công nghệ quốc gia"),
        push_batch=2,  # several pages each way
        pull_page=3,
        retry_seconds=2,
    )
    return FederationSync(province.sessions, config, StandardValidator(), http=http)


ALL_SCOPES = frozenset({ApiKeyScope.READ_FEED, ApiKeyScope.WRITE_LISTINGS})


async def test_push_pull_replay_and_withdrawals_converge_without_echoes_or_duplicates(
    centre: Exchange, province: Exchange
) -> None:
    # Given three public listings of the province (one with a confidential marker) and two
    # of the centre, each exchange's feed built
    async with province.sessions() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user, province_code="da-nang")
        own = [
            await make_offer(s, owner.user, org, status=OfferStatus.LISTED, description=MARKER),
            await make_offer(s, owner.user, org, status=OfferStatus.LISTED),
            await make_need(s, owner.user, org, status=NeedStatus.OPEN),
        ]
        await make_offer(s, owner.user, org)  # a draft: never pushed
    async with centre.sessions() as s:
        c_owner = await make_user(s)
        c_org = await make_organization(s, c_owner.user)
        theirs = [
            await make_offer(s, c_owner.user, c_org, status=OfferStatus.LISTED),
            await make_need(s, c_owner.user, c_org, status=NeedStatus.OPEN),
        ]
    await province.build_feed()
    await centre.build_feed()
    sync = syncing(province, centre, await centre_key(centre, ALL_SCOPES))

    # When the province syncs
    first = await sync.run_once()
    # Then the centre holds its three public listings and it holds the centre's two
    assert first is not None
    assert (first.pushed, first.pulled, first.push_refused) == (3, 2, 0)
    pushed_ids = {r[0] for r in (await _rows(centre, select(federated_records.c.external_id)))}
    assert pushed_ids == {str(x.id) for x in own}
    pulled = await _rows(
        province,
        select(federated_records.c.external_id, federated_records.c.source),
    )
    assert {r.external_id for r in pulled} == {str(x.id) for x in theirs}
    assert {r.source for r in pulled} == {"centre"}
    # confidential text never left the province
    assert (
        await centre.scalar(
            "SELECT count(*) FROM technology_offers WHERE description LIKE :m", m=f"%{MARKER}%"
        )
        == 0
    )
    assert (
        await centre.scalar(
            "SELECT count(*) FROM feed_items WHERE record::text LIKE :m", m=f"%{MARKER}%"
        )
        == 0
    )

    # When both feeds are rebuilt (the centre's now carries our listings, ours its) and the
    # province syncs twice more
    await centre.build_feed()
    await province.build_feed()
    again = await sync.run_once()
    replay = await sync.run_once()
    # Then our listings coming back are skipped, the pulled ones are not pushed back, and
    # nothing is duplicated on either side
    assert again is not None
    assert replay is not None
    assert (again.pushed, again.pulled, again.skipped) == (0, 0, 3)
    assert (replay.pushed, replay.pulled, replay.skipped) == (0, 0, 0)
    assert await _count(centre, technology_offers) == 2 + 1  # the centre's + ours
    assert await _count(province, technology_offers) == 3 + 1  # ours (with the draft) + its
    assert await _count(centre, needs) == 2
    assert await _count(province, needs) == 2

    # When one side's offer is withdrawn on each side
    async with province.sessions() as s:
        actor = Actor(
            email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
        )
        await withdraw_offer(
            SqlUnitOfWork(s), actor, offer_id=own[1].id, reason=None, now=datetime.now(UTC)
        )
        await mark_offer_negotiating(
            SqlUnitOfWork(s), actor, offer_id=own[0].id, now=datetime.now(UTC)
        )
    async with centre.sessions() as s:
        actor = Actor(
            email_verified=True, user_id=c_owner.user.id, memberships={c_org.id: MemberRole.OWNER}
        )
        await withdraw_offer(
            SqlUnitOfWork(s), actor, offer_id=theirs[0].id, reason=None, now=datetime.now(UTC)
        )
    await province.build_feed()
    await centre.build_feed()
    after = await sync.run_once()
    # Then each copy is withdrawn too
    assert after is not None
    assert (after.pushed, after.withdrawn, after.push_refused) == (2, 1, 0)
    copy_here = await province.scalar(
        "SELECT o.status FROM technology_offers o JOIN federated_records f ON f.entity_id = o.id "
        "WHERE f.external_id = :x",
        x=str(theirs[0].id),
    )
    copy_there = await centre.scalar(
        "SELECT o.status FROM technology_offers o JOIN federated_records f ON f.entity_id = o.id "
        "WHERE f.external_id = :x",
        x=str(own[1].id),
    )
    assert (copy_here, copy_there) == ("withdrawn", "withdrawn")
    negotiating = await centre.scalar(
        "SELECT o.status FROM technology_offers o JOIN federated_records f ON f.entity_id = o.id "
        "WHERE f.external_id = :x",
        x=str(own[0].id),
    )
    assert negotiating == "under_negotiation"
    await sync.aclose()


async def one_listed_offer_in_the_feed(exchange: Exchange) -> None:
    async with exchange.sessions() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user)
        await make_offer(s, owner.user, org, status=OfferStatus.LISTED)
    await exchange.build_feed()


async def push_cursor(province: Exchange) -> Any:
    return await province.scalar("SELECT cursor FROM sync_cursors WHERE name = 'push:centre'")


async def test_a_key_without_the_write_scope_stops_the_sync_and_moves_no_cursor(
    centre: Exchange, province: Exchange
) -> None:
    await one_listed_offer_in_the_feed(province)
    before = await push_cursor(province)
    sync = syncing(province, centre, await centre_key(centre, frozenset({ApiKeyScope.READ_FEED})))
    with pytest.raises(SyncRefused):
        await sync.run_once()
    after = await push_cursor(province)
    assert after == before
    await sync.aclose()


async def _rows(exchange: Exchange, stmt: Any) -> list[Any]:
    async with exchange.sessions() as s:
        return list((await s.execute(stmt)).all())


async def _count(exchange: Exchange, table: Any) -> int:
    async with exchange.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def test_the_webhook_receiver_wakes_the_sync_only_for_a_valid_signature(
    province: Exchange, province_url: str
) -> None:
    secret = new_secret()
    app = create_app(
        ApiDeps(
            sessions=province.sessions,
            password_hasher=FAST_HASHER,
            federation_webhook_secret=secret,
        )
    )
    wakeup = Wakeup(province_url, SYNC_CHANNEL)
    await wakeup.ensure()
    await wakeup.wait(0.01)  # the wake-up on (re)connecting
    body = b'{"type":"offer.upserted","data":{}}'
    now = datetime.now(UTC)
    good = Webhook(secret).sign("msg_1", now, body.decode())
    forged = Webhook(new_secret()).sign("msg_1", now, body.decode())

    def headers(signature: str) -> dict[str, str]:
        return {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
            "content-type": "application/json",
        }

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://province"
    ) as client:
        refused = await client.post("/federation/webhook", content=body, headers=headers(forged))
        assert refused.status_code == 401
        assert not await wakeup.wait(0.5)
        started = time.monotonic()
        accepted = await client.post("/federation/webhook", content=body, headers=headers(good))
        assert accepted.status_code == 204
        assert await wakeup.wait(5)
        assert time.monotonic() - started < 5
    await wakeup.close()


async def test_a_new_public_change_of_the_province_wakes_its_sync(
    province: Exchange, province_url: str
) -> None:
    # Given the province's sync listening, its timer far away
    wakeup = Wakeup(province_url, SYNC_CHANNEL)
    await wakeup.ensure()
    await wakeup.wait(0.01)  # the wake-up on connecting
    # When a listing is published and the worker adds it to the province's feed
    async with province.sessions() as s:
        owner = await make_user(s)
        org = await make_organization(s, owner.user, province_code="da-nang")
        await make_offer(s, owner.user, org, status=OfferStatus.LISTED)
    await province.build_feed()
    # Then the sync wakes to push it, without its timer or the centre's webhook
    assert await wakeup.wait(5)
    # And a feed pass with nothing new does not wake it
    await province.build_feed()
    assert not await wakeup.wait(0.5)
    await wakeup.close()


async def test_the_receiver_answers_404_where_no_secret_is_configured(province: Exchange) -> None:
    app = create_app(ApiDeps(sessions=province.sessions, password_hasher=FAST_HASHER))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://province"
    ) as client:
        response = await client.post("/federation/webhook", content=b"{}")
    assert response.status_code == 404


def test_innovex_sync_says_what_is_missing() -> None:
    from typer.testing import CliRunner

    from innovex.cli import app

    runner = CliRunner()
    unset = runner.invoke(app, ["sync", "--once"], env={"FEDERATION_CENTRE_URL": ""})
    assert unset.exit_code == 2
    assert "FEDERATION_CENTRE_URL" in unset.output
    no_key = runner.invoke(
        app,
        ["sync", "--once"],
        env={"FEDERATION_CENTRE_URL": "http://127.0.0.1:9", "FEDERATION_CENTRE_KEY": ""},
    )
    assert no_key.exit_code == 2
    assert "FEDERATION_CENTRE_KEY is required" in no_key.output


async def test_a_second_sync_while_one_runs_does_nothing(
    centre: Exchange, province: Exchange
) -> None:
    await one_listed_offer_in_the_feed(province)
    before = await push_cursor(province)
    sync = syncing(province, centre, await centre_key(centre, ALL_SCOPES))
    async with province.sessions() as holder:  # another process's run, holding the lock
        await holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": RUN_LOCK})
        assert await sync.run_once() is None
        await holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": RUN_LOCK})
    after = await push_cursor(province)
    assert after == before
    await sync.aclose()
